package dev.aval.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.aval.platform.ProblemException;

class UrlSafetyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "::1",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "0.0.0.0",
                "::",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "198.18.0.1",
                // IPv6 addresses that reach an IPv4 one they carry
                "::127.0.0.1",
                "::a9fe:a9fe",
                "64:ff9b::a9fe:a9fe",
                "64:ff9b::10.0.0.1",
                "64:ff9b:1::1",
                "2002:7f00:1::1",
                "2002:c0a8:101::1",
                "2001:0:4136:e378::1",
                "2001:db8::1"
            })
    void privateLoopbackAndLinkLocalAddressesAreRefused(String ip) throws Exception {
        assertTrue(UrlSafety.isPrivate(InetAddress.getByName(ip)), ip);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "2606:4700::1111",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void publicAddressesAreAllowed(String ip) throws Exception {
        assertFalse(UrlSafety.isPrivate(InetAddress.getByName(ip)), ip);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://erp.example.com/hook",
                "ftp://erp.example.com/hook",
                "erp.example.com/hook",
                "https:///x",
                "https://user:pw@erp.example.com/hook",
                "https://erp.example.com/hook#x",
                "not a url",
                " "
            })
    void onlyHttpsUrlsWithAHostAndNoCredentialsAreAccepted(String url) {
        ProblemException e = assertThrows(ProblemException.class, () -> UrlSafety.parse(url, false));
        assertEquals(400, e.status());
        assertEquals("url", e.toProblem().errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://erp.example.com/hook", "https://erp.example.com:8443/a/b?c=d"})
    void httpsUrlsAreAccepted(String url) {
        assertEquals(url, UrlSafety.parse(url, false).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook"})
    void httpOnlyWhenAllowed(String url) {
        assertThrows(ProblemException.class, () -> UrlSafety.parse(url, false));
        assertEquals(url, UrlSafety.parse(url, true).toString());
    }
}
