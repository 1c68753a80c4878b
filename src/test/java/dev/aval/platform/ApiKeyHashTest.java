package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape of a key: every issued key has it, and a token without it is refused unseen. */
class ApiKeyHashTest {

    @Test
    void everyKeyIssuedTheWayApiKeyServiceDoesHasTheShape() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2_000; i++) {
            byte[] secret = new byte[ApiKeyHash.SECRET_BYTES];
            random.nextBytes(secret);
            String key =
                    ApiKeyHash.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            assertTrue(ApiKeyHash.couldBeKey(key), key);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "avk_",
                "avk_nope",
                "avk_not_a_key",
                "not-a-key-at-all-but-exactly-forty-seven-chars!", // right length, no prefix
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // one character short
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // one character long
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+A", // '+' is base64, not base64url
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // padding
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", // the last character carries bits 32 bytes never set
                "AVK_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "avk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAÀA"
            })
    void tokensOfAnotherShapeCannotBeKeys(String token) {
        assertFalse(ApiKeyHash.couldBeKey(token), token);
    }
}
