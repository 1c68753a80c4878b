package dev.aval.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.aval.platform.ProblemException;

/**
 * Which webhook URLs Aval may call (events.md): https only (http when allowed), an absolute URL
 * with a host and no credentials, and no host resolving to a loopback, link-local, private,
 * unspecified or multicast address (unless allowed) — checked at registration and before every
 * attempt, which then connects to the address it checked.
 */
final class UrlSafety {

    static final int MAX_LENGTH = 2000;

    private UrlSafety() {}

    /** The URL, parsed and checked for its form; a 400 VALIDATION_FAILED on {@code url} otherwise. */
    static URI parse(String url, boolean allowHttp) {
        if (url == null || url.isBlank()) {
            throw invalid("must not be blank");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw invalid(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("must not have a fragment");
        }
        return uri;
    }

    /** Whether Aval must not call this address: loopback, link-local, private, unspecified or multicast. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || first == 100 && second >= 64 && second <= 127 // carrier-grade NAT 100.64/10
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) { // unique local fc00::/7
                return true;
            }
            int w0 = word(b, 0);
            int w1 = word(b, 2);
            if (w0 == 0x2001 && (w1 == 0 || w1 == 0x0db8) // Teredo 2001::/32 (an IPv4 hidden in it), documentation
                    || w0 == 0x64 && w1 == 0xff9b && word(b, 4) == 1) { // NAT64 local use 64:ff9b:1::/48
                return true;
            }
            if (w0 == 0x2002) { // 6to4 2002:a.b.c.d::/48 reaches the IPv4 address it carries
                return isPrivate(ipv4(b, 2));
            }
            boolean zeros = true; // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped)
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            int w5 = word(b, 10);
            if (zeros && (w5 == 0 || w5 == 0xffff) || w0 == 0x64 && w1 == 0xff9b && isZero(b, 4, 12)) {
                return isPrivate(ipv4(b, 12)); // ... and NAT64's 64:ff9b::a.b.c.d, translated to it
            }
        }
        return false;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    static ProblemException invalid(String message) {
        return ProblemException.validation("url", message);
    }
}
