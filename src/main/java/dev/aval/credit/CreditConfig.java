package dev.aval.credit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Credit settings ({@code aval.credit.*}). */
@ConfigMapping(prefix = "aval.credit")
public interface CreditConfig {

    /** How long a hold lives when the request gives no {@code expiresAt}. Default {@code P7D}. */
    @WithDefault("P7D")
    Duration holdDefaultTtl();

    /** The furthest {@code expiresAt} a hold may ask for. Default {@code P30D}. */
    @WithDefault("P30D")
    Duration holdMaxTtl();

    /**
     * How often the sweeper stores expired holds as EXPIRED and writes their statement entries
     * (read by {@code @Scheduled} as {@code aval.credit.sweep-every}). Default {@code 30s}.
     */
    @WithDefault("30s")
    String sweepEvery();

    /** Accounts handled per sweep run (each in its own short transaction). Default 200. */
    @WithDefault("200")
    int sweepBatch();

    /**
     * How often the overdue scan records {@code invoice.overdue} for the OPEN invoices that became
     * overdue (read by {@code @Scheduled} as {@code aval.credit.overdue-scan-every}). Default {@code 60s}.
     */
    @WithDefault("60s")
    String overdueScanEvery();

    /** Invoices announced overdue per scan run at most (the rest wait for the next run). Default 1000. */
    @WithDefault("1000")
    int overdueScanBatch();
}
