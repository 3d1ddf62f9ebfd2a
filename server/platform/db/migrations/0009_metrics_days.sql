CREATE TABLE "metric_days" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"queue_id" uuid,
	"channel" text,
	"agent_id" uuid,
	"reason" text,
	"hour" smallint,
	"offered" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"answered_in_sl" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"short_abandoned" integer DEFAULT 0 NOT NULL,
	"answer_wait_ms" bigint DEFAULT 0 NOT NULL,
	"max_wait_ms" bigint DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"acw_ms" bigint DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"fcr_resolved" integer DEFAULT 0 NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"ratings_positive" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "metric_days_key" UNIQUE NULLS NOT DISTINCT("workspace_id","dim","day","queue_id","channel","agent_id","reason","hour")
);
--> statement-breakpoint
ALTER TABLE "metric_days" ADD CONSTRAINT "metric_days_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Daily rollups in the workspace's local calendar (metric_days), kept with the 15-minute buckets.
CREATE OR REPLACE FUNCTION metrics_day_add(c metric_contacts, sgn int, positive_min int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE tz text := coalesce((SELECT timezone FROM workspaces WHERE id = c.workspace_id), 'UTC');
BEGIN
  INSERT INTO metric_days AS b (workspace_id, day, dim, queue_id, channel, agent_id, reason, hour, offered, answered, answered_in_sl, abandoned,
    short_abandoned, answer_wait_ms, max_wait_ms, handled, talk_ms, hold_ms, acw_ms, transfers, escalations, resolved, fcr_resolved,
    ratings, rating_sum, ratings_positive)
  SELECT c.workspace_id, (c.arrived_at AT TIME ZONE tz)::date, v.dim,
    CASE WHEN v.dim = 'qc' THEN c.queue_id END, CASE WHEN v.dim = 'qc' THEN c.channel END, CASE WHEN v.dim = 'agent' THEN c.agent_id END,
    CASE WHEN v.dim = 'reason' THEN c.reason END, CASE WHEN v.dim = 'hour' THEN extract(hour FROM c.arrived_at AT TIME ZONE tz)::smallint END,
    sgn * c.offered, sgn * c.answered, sgn * c.answered_in_sl,
    sgn * c.abandoned, sgn * c.short_abandoned, sgn * coalesce(c.answer_wait_ms, 0), CASE WHEN sgn > 0 THEN coalesce(c.wait_ms, 0) ELSE 0 END,
    sgn * c.handled, sgn * c.talk_ms, sgn * c.hold_ms, sgn * c.acw_ms, sgn * c.transfers, sgn * c.escalations, sgn * c.resolved,
    sgn * (c.resolved * (1 - c.repeated)), sgn * (c.rating IS NOT NULL)::int, sgn * coalesce(c.rating, 0), sgn * coalesce((c.rating >= positive_min)::int, 0)
  FROM (VALUES ('qc'), ('agent'), ('reason'), ('hour')) v(dim)
  ON CONFLICT ON CONSTRAINT metric_days_key DO UPDATE SET
    offered = b.offered + EXCLUDED.offered, answered = b.answered + EXCLUDED.answered, answered_in_sl = b.answered_in_sl + EXCLUDED.answered_in_sl,
    abandoned = b.abandoned + EXCLUDED.abandoned, short_abandoned = b.short_abandoned + EXCLUDED.short_abandoned,
    answer_wait_ms = b.answer_wait_ms + EXCLUDED.answer_wait_ms, max_wait_ms = greatest(b.max_wait_ms, EXCLUDED.max_wait_ms),
    handled = b.handled + EXCLUDED.handled, talk_ms = b.talk_ms + EXCLUDED.talk_ms, hold_ms = b.hold_ms + EXCLUDED.hold_ms,
    acw_ms = b.acw_ms + EXCLUDED.acw_ms, transfers = b.transfers + EXCLUDED.transfers, escalations = b.escalations + EXCLUDED.escalations,
    resolved = b.resolved + EXCLUDED.resolved, fcr_resolved = b.fcr_resolved + EXCLUDED.fcr_resolved, ratings = b.ratings + EXCLUDED.ratings,
    rating_sum = b.rating_sum + EXCLUDED.rating_sum, ratings_positive = b.ratings_positive + EXCLUDED.ratings_positive;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_bucket_add(c metric_contacts, sgn int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE positive_min int := coalesce((SELECT csat_positive_min FROM metrics_settings WHERE workspace_id = c.workspace_id), 4);
BEGIN
  INSERT INTO metric_buckets AS b (workspace_id, bucket, queue_id, agent_id, channel, reason, offered, answered, answered_in_sl, abandoned,
    short_abandoned, answer_wait_ms, max_wait_ms, handled, talk_ms, hold_ms, acw_ms, transfers, escalations, resolved, fcr_resolved,
    ratings, rating_sum, ratings_positive)
  VALUES (c.workspace_id, c.bucket, c.queue_id, c.agent_id, c.channel, c.reason, sgn * c.offered, sgn * c.answered, sgn * c.answered_in_sl,
    sgn * c.abandoned, sgn * c.short_abandoned, sgn * coalesce(c.answer_wait_ms, 0), CASE WHEN sgn > 0 THEN coalesce(c.wait_ms, 0) ELSE 0 END,
    sgn * c.handled, sgn * c.talk_ms, sgn * c.hold_ms, sgn * c.acw_ms, sgn * c.transfers, sgn * c.escalations, sgn * c.resolved,
    sgn * (c.resolved * (1 - c.repeated)), sgn * (c.rating IS NOT NULL)::int, sgn * coalesce(c.rating, 0), sgn * coalesce((c.rating >= positive_min)::int, 0))
  ON CONFLICT ON CONSTRAINT metric_buckets_key DO UPDATE SET
    offered = b.offered + EXCLUDED.offered, answered = b.answered + EXCLUDED.answered, answered_in_sl = b.answered_in_sl + EXCLUDED.answered_in_sl,
    abandoned = b.abandoned + EXCLUDED.abandoned, short_abandoned = b.short_abandoned + EXCLUDED.short_abandoned,
    answer_wait_ms = b.answer_wait_ms + EXCLUDED.answer_wait_ms, max_wait_ms = greatest(b.max_wait_ms, EXCLUDED.max_wait_ms),
    handled = b.handled + EXCLUDED.handled, talk_ms = b.talk_ms + EXCLUDED.talk_ms, hold_ms = b.hold_ms + EXCLUDED.hold_ms,
    acw_ms = b.acw_ms + EXCLUDED.acw_ms, transfers = b.transfers + EXCLUDED.transfers, escalations = b.escalations + EXCLUDED.escalations,
    resolved = b.resolved + EXCLUDED.resolved, fcr_resolved = b.fcr_resolved + EXCLUDED.fcr_resolved, ratings = b.ratings + EXCLUDED.ratings,
    rating_sum = b.rating_sum + EXCLUDED.rating_sum, ratings_positive = b.ratings_positive + EXCLUDED.ratings_positive;
  PERFORM metrics_day_add(c, sgn, positive_min);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_rebuild(p_ws uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
  tz text := coalesce((SELECT timezone FROM workspaces WHERE id = p_ws), 'UTC');
  positive_min int := coalesce((SELECT csat_positive_min FROM metrics_settings WHERE workspace_id = p_ws), 4);
BEGIN
  PERFORM set_config('tawasul.metrics_off', 'on', true);
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
--> statement-breakpoint
-- Existing facts into the daily rollups.
DO $$
DECLARE w record;
BEGIN
  FOR w IN SELECT DISTINCT workspace_id FROM metric_contacts LOOP
    PERFORM metrics_rebuild(w.workspace_id);
  END LOOP;
END $$;
--> statement-breakpoint
-- Time in state for a period reads the periods that end after its start (open ones end at infinity).
CREATE INDEX IF NOT EXISTS agent_state_log_metrics_idx ON agent_state_log (workspace_id, (coalesce(ended_at, 'infinity'::timestamptz)));
