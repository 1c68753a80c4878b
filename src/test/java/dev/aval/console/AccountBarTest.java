package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.credit.AccountStatus;
import dev.aval.credit.AccountView;
import dev.aval.platform.DocumentType;

/** The credit bar's segments as shares of creditLimit × (1 + tolerance), clamped to the bar. */
class AccountBarTest {

    private static AccountView account(String limit, String tolerance, String outstanding, String reserved) {
        BigDecimal l = new BigDecimal(limit);
        BigDecimal t = new BigDecimal(tolerance);
        BigDecimal o = new BigDecimal(outstanding);
        BigDecimal r = new BigDecimal(reserved);
        BigDecimal available = l.subtract(o).subtract(r);
        BigDecimal withTolerance =
                dev.aval.credit.Money.ceiling(l, t).subtract(o).subtract(r);
        return new AccountView(
                UUID.randomUUID(),
                DocumentType.CPF,
                "12345678909",
                "a@b.com.br",
                List.of(),
                AccountStatus.OPEN,
                l,
                t,
                o,
                r,
                available,
                withTolerance,
                0,
                Instant.now(),
                Instant.now(),
                null);
    }

    @Test
    void segmentsSitSideBySideAndFreeFillsTheRest() {
        AccountPage.Bar bar = AccountPage.Bar.of(account("1000.00", "0.1000", "200.00", "300.00"));
        assertEquals("18.2", bar.used());
        assertEquals("18.2", bar.reservedAt());
        assertEquals("27.3", bar.reserved());
        assertEquals("45.5", bar.freeAt());
        assertEquals("54.5", bar.free());
        assertEquals("90.9", bar.limitAt());
        assertEquals("9.1", bar.toleranceWidth());
    }

    @Test
    void theCeilingShownIsTheOneTheCreditRulesGrantToTheCent() {
        // 333.33 × 1.0015 = 333.829995: the rules grant 333.82 (down), never a rounded-up 333.83
        AccountPage.Bar bar = AccountPage.Bar.of(account("333.33", "0.0015", "0.00", "0.00"));
        assertEquals(new BigDecimal("333.82"), bar.whole());
        assertEquals("R$ 333,82", Formats.brl(bar.whole()));
    }

    @Test
    void usingTheToleranceLeavesNoFreeSpace() {
        AccountPage.Bar bar = AccountPage.Bar.of(account("1000.00", "0.1000", "900.00", "200.00"));
        assertEquals("81.8", bar.used());
        assertEquals("18.2", bar.reserved());
        assertEquals("0", bar.free());
    }

    @Test
    void aLimitLoweredBelowWhatIsOwedFillsTheBarWithUse() {
        AccountPage.Bar bar = AccountPage.Bar.of(account("100.00", "0", "250.00", "50.00"));
        assertEquals("100.0", bar.used());
        assertEquals("0", bar.reserved());
        assertEquals("0", bar.free());
        assertNull(bar.limitAt(), "no tolerance: the limit is the bar's end");
    }

    @Test
    void aZeroLimitIsAnEmptyBar() {
        AccountPage.Bar bar = AccountPage.Bar.of(account("0.00", "0.1000", "0.00", "0.00"));
        assertEquals("0", bar.used());
        assertEquals("0", bar.free());
        assertNull(bar.limitAt());
    }
}
