package dev.hookgate.operator.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an entry of {@code spec.sourceRanges}: an IPv4 or IPv6 network in CIDR notation with no host bits set.
 * Parses literally (never resolves a name), so it is safe on any input. The CRD schema's pattern is looser for
 * IPv6; this is the precise check.
 */
public final class Cidr {

  private Cidr() {}

  /**
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static void check(String cidr) {
    if (cidr == null || cidr.isEmpty()) {
      throw invalid(cidr, "it is empty");
    }
    int slash = cidr.indexOf('/');
    if (slash < 0 || slash != cidr.lastIndexOf('/')) {
      throw invalid(cidr, "write an address, '/' and a prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32");
    }
    String address = cidr.substring(0, slash);
    String prefixText = cidr.substring(slash + 1);
    byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address, cidr) : ipv4(address, cidr);
    int bits = bytes.length * 8;
    if (!prefixText.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(prefixText) > bits) {
      throw invalid(cidr, "the prefix length must be a number from 0 to " + bits);
    }
    int prefix = Integer.parseInt(prefixText);
    for (int bit = prefix; bit < bits; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw invalid(cidr, "the address has bits set after the first " + prefix + " (host bits): write the network"
            + " address of the range");
      }
    }
  }

  private static byte[] ipv4(String address, String cidr) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(cidr, "'" + address + "' is not an IPv4 address (four numbers 0 to 255, separated by dots)");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
        throw invalid(cidr, "'" + address + "' is not an IPv4 address (four numbers 0 to 255 without leading"
            + " zeros, separated by dots)");
      }
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }

  private static byte[] ipv6(String address, String cidr) {
    IllegalArgumentException notIpv6 = invalid(cidr, "'" + address + "' is not an IPv6 address");
    int doubleColon = address.indexOf("::");
    if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
      throw notIpv6;
    }
    List<Integer> head =
        groups(doubleColon >= 0 ? address.substring(0, doubleColon) : address, doubleColon < 0, notIpv6, cidr);
    List<Integer> tail =
        doubleColon >= 0 ? groups(address.substring(doubleColon + 2), true, notIpv6, cidr) : List.of();
    int count = head.size() + tail.size();
    if (doubleColon >= 0 ? count > 7 : count != 8) {
      throw notIpv6;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.size(); i++) {
      put(bytes, i, head.get(i));
    }
    for (int i = 0; i < tail.size(); i++) {
      put(bytes, 8 - tail.size() + i, tail.get(i));
    }
    return bytes;
  }

  /** Colon-separated 16-bit groups; the last may be a dotted IPv4 address (two groups) if {@code endsAddress}. */
  private static List<Integer> groups(String text, boolean endsAddress, IllegalArgumentException notIpv6,
      String cidr) {
    List<Integer> groups = new ArrayList<>();
    if (text.isEmpty()) {
      return groups;
    }
    String[] parts = text.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (endsAddress && i == parts.length - 1 && part.indexOf('.') >= 0) {
        byte[] v4 = ipv4(part, cidr);
        groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
      } else if (part.matches("[0-9A-Fa-f]{1,4}")) {
        groups.add(Integer.parseInt(part, 16));
      } else {
        throw notIpv6;
      }
    }
    return groups;
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[group * 2] = (byte) (value >>> 8);
    bytes[group * 2 + 1] = (byte) value;
  }

  private static IllegalArgumentException invalid(String cidr, String why) {
    return new IllegalArgumentException("spec.sourceRanges: '" + cidr + "' is not a CIDR: " + why);
  }
}
