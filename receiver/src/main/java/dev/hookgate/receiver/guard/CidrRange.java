package dev.hookgate.receiver.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}); a bare address
 * is a range of one ({@code /32} or {@code /128}). Parsed without any DNS lookup. An IPv4 address never falls in
 * an IPv6 range and the other way round (an IPv4-mapped IPv6 address arrives as IPv4 in Java already).
 */
public final class CidrRange {

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  private final String text;
  private final byte[] network;
  private final int prefixLength;

  private CidrRange(String text, byte[] network, int prefixLength) {
    this.text = text;
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * @throws IllegalArgumentException saying why {@code cidr} is not a range
   */
  public static CidrRange parse(String cidr) {
    if (cidr == null || cidr.isBlank()) {
      throw new IllegalArgumentException("empty address range");
    }
    String trimmed = cidr.trim();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] address = parseAddress(addressText);
    if (address == null) {
      throw new IllegalArgumentException("'" + trimmed + "' is not an IPv4 or IPv6 address range (CIDR)");
    }
    int maxPrefix = address.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String prefixText = trimmed.substring(slash + 1);
      if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > maxPrefix) {
        throw new IllegalArgumentException(
            "'" + trimmed + "' has an invalid prefix length: use 0 to " + maxPrefix);
      }
      prefix = Integer.parseInt(prefixText);
    }
    return new CidrRange(trimmed, mask(address, prefix), prefix);
  }

  /**
   * The address {@code text} denotes when it is an IPv4 or IPv6 literal (IPv6 optionally in brackets), else null.
   * Never resolves a name.
   */
  public static InetAddress parseLiteral(String text) {
    byte[] bytes = parseAddress(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // only for a wrong length, which parseAddress never returns
    }
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
  }

  private static byte[] parseAddress(String text) {
    if (text == null) {
      return null;
    }
    String literal = text.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    var ipv4 = IPV4.matcher(literal);
    if (ipv4.matches()) {
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(ipv4.group(i + 1));
        if (octet > 255) {
          return null;
        }
        bytes[i] = (byte) octet;
      }
      return bytes;
    }
    if (literal.indexOf(':') < 0 || !IPV6.matcher(literal).matches()) {
      return null;
    }
    try {
      // In brackets the JDK parses an IPv6 literal or fails; it never falls back to a DNS lookup.
      InetAddress parsed = InetAddress.getByName("[" + literal + "]");
      return parsed.getAddress(); // 4 bytes for an IPv4-mapped address: matched as the IPv4 address it is
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] mask(byte[] address, int prefixLength) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int bitsKept = Math.max(0, Math.min(8, prefixLength - i * 8));
      masked[i] &= (byte) (0xFF << (8 - bitsKept));
    }
    return masked;
  }

  @Override
  public String toString() {
    return text;
  }
}
