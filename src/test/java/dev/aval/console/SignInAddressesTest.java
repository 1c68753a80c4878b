package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The network a failed sign-in is counted against. */
class SignInAddressesTest {

    @Test
    void anIpv4AddressIsItselfAndAnIpv6OneItsSlash64() {
        assertEquals("203.0.113.7", SignInAddresses.network("203.0.113.7"));
        // one subscriber rotating through its /64 is one network
        assertEquals(SignInAddresses.network("2001:db8:1:2:3:4:5:6"), SignInAddresses.network("2001:db8:1:2:ffff::1"));
        assertEquals("20010db800010002::/64", SignInAddresses.network("2001:db8:1:2::9"));
        assertNotEquals(SignInAddresses.network("2001:db8:1:2::1"), SignInAddresses.network("2001:db8:1:3::1"));
        assertEquals("unknown", SignInAddresses.network("unknown"));
    }
}
