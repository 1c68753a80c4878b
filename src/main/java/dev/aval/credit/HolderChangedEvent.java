package dev.aval.credit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The data of {@code credit_account.holder_added} and {@code credit_account.holder_removed}: the
 * account as the API answers it after the change, and the holder added or removed.
 */
record HolderChangedEvent(@JsonUnwrapped AccountView account, HolderView holder) {}
