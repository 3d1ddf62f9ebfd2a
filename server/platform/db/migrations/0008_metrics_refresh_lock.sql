-- Writers of one contact's events take turns refreshing its facts: the refresh reads the log after the
-- lock, so a transaction that commits while another waits is never left out of the facts or buckets.
CREATE OR REPLACE FUNCTION metrics_refresh_contact(p_id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(74120, hashtext(p_id::text));
  INSERT INTO metric_contacts AS m SELECT * FROM metrics_fact_source WHERE interaction_id = p_id
  ON CONFLICT (interaction_id) DO UPDATE SET
    channel = EXCLUDED.channel, customer_id = EXCLUDED.customer_id, case_id = EXCLUDED.case_id, reason = EXCLUDED.reason,
    language = EXCLUDED.language, created_at = EXCLUDED.created_at, queue_id = EXCLUDED.queue_id, agent_id = EXCLUDED.agent_id,
    arrived_at = EXCLUDED.arrived_at, bucket = EXCLUDED.bucket, queued_at = EXCLUDED.queued_at, answered_at = EXCLUDED.answered_at,
    closed_at = EXCLUDED.closed_at, offered = EXCLUDED.offered, answered = EXCLUDED.answered, answered_in_sl = EXCLUDED.answered_in_sl,
    abandoned = EXCLUDED.abandoned, short_abandoned = EXCLUDED.short_abandoned, answer_wait_ms = EXCLUDED.answer_wait_ms,
    wait_ms = EXCLUDED.wait_ms, handled = EXCLUDED.handled, talk_ms = EXCLUDED.talk_ms, hold_ms = EXCLUDED.hold_ms, acw_ms = EXCLUDED.acw_ms,
    transfers = EXCLUDED.transfers, escalations = EXCLUDED.escalations, resolved = EXCLUDED.resolved, repeated = EXCLUDED.repeated,
    rating = EXCLUDED.rating
  WHERE m IS DISTINCT FROM EXCLUDED;
END $$;
