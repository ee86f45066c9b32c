package dev.hookgate.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the CRD's printer columns in the order {@link WebhookEndpoint} declares them (PROVIDER, READY, URL,
 * LAST EVENT, then PENDING and DEAD LETTERS with {@code -o wide}, AGE), which is the order {@code kubectl get whe}
 * shows. The generator sorts them by JSON path, with
 * no option to keep the declared order, so the checked-in CRD is the generated one with only this reordering.
 */
final class PrinterColumnOrder {

  private static final String BLOCK_START = "  - additionalPrinterColumns:\n";
  private static final String ENTRY_START = "    - jsonPath: ";

  private PrinterColumnOrder() {}

  static String declared(String generatedCrd) {
    int start = generatedCrd.indexOf(BLOCK_START);
    if (start < 0) {
      throw new IllegalStateException("generated CRD has no additionalPrinterColumns block");
    }
    int entriesStart = start + BLOCK_START.length();
    int end = entriesStart;
    while (generatedCrd.startsWith("    ", end) && (generatedCrd.startsWith(ENTRY_START, end)
        || generatedCrd.startsWith("      ", end))) {
      end = generatedCrd.indexOf('\n', end) + 1;
    }
    List<String> entries = new ArrayList<>();
    for (String entry : generatedCrd.substring(entriesStart, end).split("(?=" + ENTRY_START + ")")) {
      entries.add(entry);
    }
    List<String> declaredNames = Arrays.stream(WebhookEndpoint.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
    entries.sort(Comparator.comparingInt(entry -> declaredNames.indexOf(nameOf(entry))));
    return generatedCrd.substring(0, entriesStart) + String.join("", entries) + generatedCrd.substring(end);
  }

  private static String nameOf(String entry) {
    for (String line : entry.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("name: ")) {
        return trimmed.substring("name: ".length()).replace("\"", "");
      }
    }
    throw new IllegalStateException("printer column without a name: " + entry);
  }
}
