CREATE TABLE "metrics_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"earlier" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "metrics_pending_workspace_idx" ON "metrics_pending" USING btree ("workspace_id","id");--> statement-breakpoint
-- Writers of events only note which contacts moved; the facts and rollups are recomputed after COMMIT by
-- metrics_apply_pending, so concurrent writers never queue on the shared bucket and day rows.
CREATE OR REPLACE FUNCTION metrics_on_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('tawasul.metrics_off', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO metrics_pending (workspace_id, interaction_id, earlier)
  SELECT workspace_id, interaction_id, bool_or(type = 'created') FROM new_events GROUP BY workspace_id, interaction_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_on_interaction_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('tawasul.metrics_off', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO metrics_pending (workspace_id, interaction_id, earlier) VALUES (NEW.workspace_id, NEW.id, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Recomputes the contacts noted for a workspace (at most p_limit notes; all when null), oldest first, and
-- tells the wallboard. One applier per workspace at a time: p_wait false returns -1 when another holds it.
-- A note committed while this runs stays for the next call; a refresh reads the whole log, so it is idempotent.
CREATE OR REPLACE FUNCTION metrics_apply_pending(p_ws uuid, p_limit int DEFAULT NULL, p_wait boolean DEFAULT true) RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(74121, hashtext(p_ws::text));
  ELSIF NOT pg_try_advisory_xact_lock(74121, hashtext(p_ws::text)) THEN
    RETURN -1;
  END IF;
  FOR r IN
    WITH taken AS (
      DELETE FROM metrics_pending WHERE id IN (SELECT id FROM metrics_pending WHERE workspace_id = p_ws ORDER BY id LIMIT p_limit)
      RETURNING interaction_id, earlier)
    SELECT interaction_id, bool_or(earlier) AS earlier FROM taken GROUP BY interaction_id ORDER BY interaction_id
  LOOP
    PERFORM metrics_refresh_contact(r.interaction_id);
    IF r.earlier THEN PERFORM metrics_refresh_earlier(r.interaction_id); END IF;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN PERFORM pg_notify('tawasul_metrics', p_ws::text); END IF;
  RETURN n;
END $$;
--> statement-breakpoint
-- A rebuild recomputes everything the log holds, so it takes the applier's turn and clears the notes it covers.
CREATE OR REPLACE FUNCTION metrics_rebuild(p_ws uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
  tz text := coalesce((SELECT timezone FROM workspaces WHERE id = p_ws), 'UTC');
  positive_min int := coalesce((SELECT csat_positive_min FROM metrics_settings WHERE workspace_id = p_ws), 4);
BEGIN
  PERFORM pg_advisory_xact_lock(74121, hashtext(p_ws::text));
  PERFORM set_config('tawasul.metrics_off', 'on', true);
  DELETE FROM metrics_pending WHERE workspace_id = p_ws;
  DELETE FROM metric_days WHERE workspace_id = p_ws;
  DELETE FROM metric_buckets WHERE workspace_id = p_ws;
  DELETE FROM metric_contacts WHERE workspace_id = p_ws;
  INSERT INTO metric_contacts SELECT * FROM metrics_fact_source WHERE workspace_id = p_ws;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO metric_buckets (workspace_id, bucket, queue_id, agent_id, channel, reason, offered, answered, answered_in_sl, abandoned,
    short_abandoned, answer_wait_ms, max_wait_ms, handled, talk_ms, hold_ms, acw_ms, transfers, escalations, resolved, fcr_resolved,
    ratings, rating_sum, ratings_positive)
  SELECT c.workspace_id, c.bucket, c.queue_id, c.agent_id, c.channel, c.reason, sum(c.offered), sum(c.answered), sum(c.answered_in_sl),
    sum(c.abandoned), sum(c.short_abandoned), sum(coalesce(c.answer_wait_ms, 0)), max(coalesce(c.wait_ms, 0)), sum(c.handled), sum(c.talk_ms),
    sum(c.hold_ms), sum(c.acw_ms), sum(c.transfers), sum(c.escalations), sum(c.resolved), sum(c.resolved * (1 - c.repeated)),
    count(c.rating), coalesce(sum(c.rating), 0), count(*) FILTER (WHERE c.rating >= positive_min)
  FROM metric_contacts c WHERE c.workspace_id = p_ws
  GROUP BY c.workspace_id, c.bucket, c.queue_id, c.agent_id, c.channel, c.reason;
  INSERT INTO metric_days (workspace_id, day, dim, queue_id, channel, agent_id, reason, hour, offered, answered, answered_in_sl, abandoned,
    short_abandoned, answer_wait_ms, max_wait_ms, handled, talk_ms, hold_ms, acw_ms, transfers, escalations, resolved, fcr_resolved,
    ratings, rating_sum, ratings_positive)
  SELECT p_ws, c.day,
    CASE WHEN GROUPING(c.queue_id, c.channel) = 0 THEN 'qc' WHEN GROUPING(c.agent_id) = 0 THEN 'agent' WHEN GROUPING(c.reason) = 0 THEN 'reason' ELSE 'hour' END,
    c.queue_id, c.channel, c.agent_id, c.reason, c.hour,
    sum(c.offered), sum(c.answered), sum(c.answered_in_sl),
    sum(c.abandoned), sum(c.short_abandoned), sum(coalesce(c.answer_wait_ms, 0)), max(coalesce(c.wait_ms, 0)), sum(c.handled), sum(c.talk_ms),
    sum(c.hold_ms), sum(c.acw_ms), sum(c.transfers), sum(c.escalations), sum(c.resolved), sum(c.resolved * (1 - c.repeated)),
    count(c.rating), coalesce(sum(c.rating), 0), count(*) FILTER (WHERE c.rating >= positive_min)
  FROM (SELECT m.*, (m.arrived_at AT TIME ZONE tz)::date AS day, extract(hour FROM m.arrived_at AT TIME ZONE tz)::smallint AS hour
        FROM metric_contacts m WHERE m.workspace_id = p_ws) c
  GROUP BY GROUPING SETS ((c.day, c.queue_id, c.channel), (c.day, c.agent_id), (c.day, c.reason), (c.day, c.hour));
  PERFORM set_config('tawasul.metrics_off', 'off', true);
  RETURN n;
END $$;
