-- The console's users: a distributor's back-office staff (console.md). An email signs in alone,
-- so it is unique across distributors. Passwords only as Argon2id hashes; the one-time setup
-- token only as its SHA-256.

create table console_user (
    id                    uuid         primary key,
    distributor_id        varchar(64)  not null references distributor (id),
    email                 varchar(254) not null,
    name                  varchar(200) not null,
    role                  varchar(8)   not null check (role in ('OPERATOR', 'VIEWER')),
    status                varchar(8)   not null check (status in ('INVITED', 'ACTIVE', 'DISABLED')),
    password_hash         varchar(200),
    setup_token_hash      varchar(64),
    setup_expires_at      timestamptz,
    -- sessions signed in before this instant no longer work (disable, sign-out, new password)
    sessions_valid_after  timestamptz  not null,
    created_at            timestamptz  not null,
    last_login_at         timestamptz
);
create unique index console_user_email on console_user (email);
create index console_user_distributor on console_user (distributor_id, id);
create unique index console_user_setup_token on console_user (setup_token_hash) where setup_token_hash is not null;

-- Failed sign-ins per email (hashed), counted over a sliding window to make an email wait.
create table console_sign_in_failure (
    email_hash  varchar(64)  not null,
    failed_at   timestamptz  not null
);
create index console_sign_in_failure_email on console_sign_in_failure (email_hash, failed_at);
