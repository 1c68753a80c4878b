-- A write's answer is stored for its Idempotency-Key by the statement sent together with the
-- write's COMMIT (one round trip for both). When the key is no longer this request's claim — taken
-- over by a retry after the in-flight lease — the write must not commit, and only the database can
-- stop that COMMIT now: this function fails, the transaction is aborted, and the COMMIT rolls back.
create function idempotency_answer(
    p_distributor_id text, p_method text, p_path text, p_key text, p_claimed_at timestamptz,
    p_status integer, p_content_type text, p_body text, p_location text) returns void
    language plpgsql as $$
begin
    update idempotency_key
       set status = p_status, content_type = p_content_type, body = p_body, location = p_location,
           completed_at = now()
     where distributor_id = p_distributor_id and method = p_method and path = p_path and idem_key = p_key
       and status is null and created_at = p_claimed_at;
    if not found then
        raise exception 'the Idempotency-Key was taken over by a retry' using errcode = 'AV409';
    end if;
end
$$;
