package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which address a request is counted against, with and without trusted proxies. */
class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheSocketAddressIsTheClientsWhateverTheHeaderSays() {
        ClientAddress address = new ClientAddress(List.of());
        assertEquals("10.0.0.7", address.of("10.0.0.7", List.of("203.0.113.9")));
    }

    @Test
    void behindATrustedProxyTheLastUntrustedHopIsTheClient() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("203.0.113.9", address.of("10.0.0.7", List.of("203.0.113.9")));
        // the client wrote the leftmost hop itself: it is never believed
        assertEquals("203.0.113.9", address.of("10.0.0.7", List.of("198.51.100.1, 203.0.113.9, 10.1.2.3")));
        // several headers read as one list, in order
        assertEquals("203.0.113.9", address.of("10.0.0.7", List.of("198.51.100.1", "203.0.113.9, 10.1.2.3")));
    }

    @Test
    void anUntrustedPeerIsTheClientEvenWithAForwardedHeader() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("192.0.2.5", address.of("192.0.2.5", List.of("203.0.113.9")));
    }

    @Test
    void aTrustedPeerWithoutTheHeaderOrWithOnlyTrustedHopsIsCountedAsItself() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("10.0.0.7", address.of("10.0.0.7", List.of()));
        assertEquals("10.9.9.9", address.of("10.0.0.7", List.of("10.9.9.9, 10.1.1.1")));
    }

    @Test
    void rangesMatchOnTheirPrefixOnlyForIpv4AndIpv6() {
        ClientAddress address = new ClientAddress(List.of("192.168.4.0/22", "fd00::/8", "127.0.0.1"));
        assertEquals("203.0.113.9", address.of("192.168.7.255", List.of("203.0.113.9")));
        assertEquals("192.168.8.1", address.of("192.168.8.1", List.of("203.0.113.9")));
        assertEquals("2001:db8::1", address.of("fd12:3456::1", List.of("2001:db8::1")));
        assertEquals("fe80::1", address.of("fe80::1", List.of("2001:db8::1")));
        assertEquals("203.0.113.9", address.of("127.0.0.1", List.of("203.0.113.9")));
        assertEquals("127.0.0.2", address.of("127.0.0.2", List.of("203.0.113.9")));
    }

    @Test
    void aNonAddressHopIsTheClientAndIsCutToABoundedKey() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        String junk = "x".repeat(10_000);
        assertEquals(
                ClientAddress.MAX_LENGTH, address.of("10.0.0.7", List.of(junk)).length());
    }

    @Test
    void aSettingThatIsNoAddressOrRangeStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/x")));
    }
}
