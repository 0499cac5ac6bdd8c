package io.granary.core.model;

import java.util.Comparator;

/**
 * The order S3 lists keys in: by the bytes of their UTF-8 encoding, which is the order of their
 * Unicode code points. {@link String#compareTo} compares UTF-16 units and differs from it for
 * characters outside the Basic Multilingual Plane.
 */
public final class Utf8Order {
    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
