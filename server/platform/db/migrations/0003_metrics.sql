CREATE TABLE "metric_buckets" (
	"workspace_id" uuid NOT NULL,
	"bucket" timestamp (3) with time zone NOT NULL,
	"queue_id" uuid,
	"agent_id" uuid,
	"channel" text NOT NULL,
	"reason" text,
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
	CONSTRAINT "metric_buckets_key" UNIQUE NULLS NOT DISTINCT("workspace_id","bucket","queue_id","agent_id","channel","reason")
);
--> statement-breakpoint
CREATE TABLE "metric_contacts" (
	"interaction_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"case_id" uuid,
	"reason" text,
	"language" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"queue_id" uuid,
	"agent_id" uuid,
	"arrived_at" timestamp (3) with time zone NOT NULL,
	"bucket" timestamp (3) with time zone NOT NULL,
	"queued_at" timestamp (3) with time zone,
	"answered_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"offered" smallint DEFAULT 0 NOT NULL,
	"answered" smallint DEFAULT 0 NOT NULL,
	"answered_in_sl" smallint DEFAULT 0 NOT NULL,
	"abandoned" smallint DEFAULT 0 NOT NULL,
	"short_abandoned" smallint DEFAULT 0 NOT NULL,
	"answer_wait_ms" bigint,
	"wait_ms" bigint,
	"handled" smallint DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"acw_ms" bigint DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"resolved" smallint DEFAULT 0 NOT NULL,
	"repeated" smallint DEFAULT 0 NOT NULL,
	"rating" smallint
);
--> statement-breakpoint
CREATE TABLE "metrics_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"short_abandon_seconds" integer DEFAULT 5 NOT NULL,
	"fcr_days" integer DEFAULT 7 NOT NULL,
	"csat_positive_min" integer DEFAULT 4 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_keys" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"secret" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"queue_id" uuid,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"score" smallint
);
--> statement-breakpoint
ALTER TABLE "metric_buckets" ADD CONSTRAINT "metric_buckets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_contacts" ADD CONSTRAINT "metric_contacts_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_contacts" ADD CONSTRAINT "metric_contacts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics_settings" ADD CONSTRAINT "metrics_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_keys" ADD CONSTRAINT "survey_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_requests" ADD CONSTRAINT "survey_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_requests" ADD CONSTRAINT "survey_requests_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_buckets_agent_idx" ON "metric_buckets" USING btree ("workspace_id","agent_id","bucket") WHERE agent_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "metric_contacts_arrived_idx" ON "metric_contacts" USING btree ("workspace_id","arrived_at");--> statement-breakpoint
CREATE INDEX "metric_contacts_agent_idx" ON "metric_contacts" USING btree ("workspace_id","agent_id","arrived_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_requests_interaction_key" ON "survey_requests" USING btree ("interaction_id");--> statement-breakpoint
CREATE INDEX "survey_requests_customer_idx" ON "survey_requests" USING btree ("workspace_id","customer_id","sent_at");--> statement-breakpoint
-- Metrics: per-contact facts computed from the event log, and 15-minute rollups kept up to date by
-- triggers, so every writer of interaction_events keeps the numbers right without calling anything.
CREATE OR REPLACE FUNCTION metrics_ms(t timestamptz) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM t) * 1000 $$;
--> statement-breakpoint
-- The facts of each contact (docs/metrics.md; the same rules as server/modules/metrics/domain/facts.ts).
-- Filter it by interaction_id or workspace_id: both are grouping keys, so the filter reaches the event scan.
CREATE OR REPLACE VIEW metrics_fact_source AS
SELECT d.interaction_id, d.workspace_id, d.channel, d.customer_id, d.case_id, d.reason, d.language, d.created_at,
  d.queue_id, d.agent_id, d.arrived_at,
  date_bin('15 minutes', d.arrived_at, timestamptz '2000-01-01 00:00:00+00') AS bucket,
  d.queued_at, d.answered_at, d.closed_at,
  d.offered::smallint, d.answered::smallint,
  (d.answered = 1 AND d.answer_wait_ms <= d.sl_seconds * 1000)::int::smallint AS answered_in_sl,
  (d.abandon_wait_ms IS NOT NULL AND d.abandon_wait_ms >= d.short_abandon_seconds * 1000)::int::smallint AS abandoned,
  (d.abandon_wait_ms IS NOT NULL AND d.abandon_wait_ms < d.short_abandon_seconds * 1000)::int::smallint AS short_abandoned,
  d.answer_wait_ms::bigint, coalesce(d.answer_wait_ms, d.abandon_wait_ms)::bigint AS wait_ms,
  d.handled::smallint,
  CASE WHEN d.handled = 1 THEN greatest(0, metrics_ms(d.hold_end) - metrics_ms(d.start_at) - d.hold_ms - d.requeue_ms) ELSE 0 END::bigint AS talk_ms,
  CASE WHEN d.handled = 1 THEN d.hold_ms ELSE 0 END::bigint AS hold_ms,
  CASE WHEN d.handled = 1 AND d.wrap_at IS NOT NULL THEN greatest(0, metrics_ms(d.end_at) - metrics_ms(d.wrap_at)) ELSE 0 END::bigint AS acw_ms,
  d.transfers::int, d.escalations::int, d.resolved::smallint,
  (EXISTS (SELECT 1 FROM interactions y WHERE y.customer_id = d.customer_id AND y.workspace_id = d.workspace_id AND y.id <> d.interaction_id
    AND y.created_at > d.created_at AND y.created_at <= d.created_at + make_interval(days => d.fcr_days)
    AND ((d.case_id IS NOT NULL AND y.case_id = d.case_id) OR (d.reason IS NOT NULL AND y.reason = d.reason))))::int::smallint AS repeated,
  d.rating::smallint
FROM (
  SELECT g.*, i.channel, i.customer_id, i.case_id, i.reason, i.language, i.created_at,
    coalesce(g.queued_queue, g.any_queue) AS queue_id,
    coalesce(g.queued_at, g.first_at) AS arrived_at,
    (g.queued_at IS NOT NULL)::int AS offered,
    (g.queued_at IS NOT NULL AND g.answered_at IS NOT NULL)::int AS answered,
    CASE WHEN g.queued_at IS NOT NULL AND g.answered_at IS NOT NULL THEN greatest(0, metrics_ms(g.answered_at) - metrics_ms(g.queued_at)) END AS answer_wait_ms,
    CASE WHEN g.queued_at IS NOT NULL AND g.answered_at IS NULL AND g.abandoned_at IS NOT NULL THEN greatest(0, metrics_ms(g.abandoned_at) - metrics_ms(g.queued_at)) END AS abandon_wait_ms,
    (g.start_at IS NOT NULL AND g.end_at IS NOT NULL AND g.end_at >= g.start_at)::int AS handled,
    coalesce(g.wrap_at, g.end_at) AS hold_end,
    g.s_resumed - g.s_held + (g.n_held - g.n_resumed) * coalesce(metrics_ms(coalesce(g.wrap_at, g.end_at)), 0) AS hold_ms,
    coalesce(g.s_take - g.f_take, 0) - g.s_tr + (g.n_tr - greatest(g.n_take - 1, 0)) * coalesce(metrics_ms(coalesce(g.wrap_at, g.end_at)), 0) AS requeue_ms,
    coalesce(s.short_abandon_seconds, 5) AS short_abandon_seconds,
    coalesce(s.fcr_days, 7) AS fcr_days,
    CASE WHEN q.id IS NULL THEN (CASE WHEN i.channel = 'voice' THEN 20 ELSE 60 END)
      WHEN jsonb_typeof(q.settings -> 'serviceLevel' -> 'seconds') = 'number' THEN (q.settings -> 'serviceLevel' ->> 'seconds')::numeric
      ELSE 20 END AS sl_seconds
  FROM (
    SELECT e.interaction_id, e.workspace_id,
      min(e.at) AS first_at,
      min(e.at) FILTER (WHERE e.type = 'queued') AS queued_at,
      (array_agg(e.queue_id ORDER BY e.id) FILTER (WHERE e.type = 'queued'))[1] AS queued_queue,
      (array_agg(e.queue_id ORDER BY e.id) FILTER (WHERE e.queue_id IS NOT NULL))[1] AS any_queue,
      (array_agg(e.agent_id ORDER BY e.id DESC) FILTER (WHERE e.type IN ('accepted', 'assigned', 'answered') AND e.agent_id IS NOT NULL))[1] AS agent_id,
      min(e.at) FILTER (WHERE e.type = 'answered') AS answered_at,
      min(e.at) FILTER (WHERE e.type = 'abandoned') AS abandoned_at,
      min(e.at) FILTER (WHERE e.type IN ('accepted', 'assigned', 'answered')) AS start_at,
      min(e.at) FILTER (WHERE e.type IN ('wrap_up_ended', 'closed')) AS end_at,
      min(e.at) FILTER (WHERE e.type = 'wrap_up_started') AS wrap_at,
      min(e.at) FILTER (WHERE e.type = 'closed') AS closed_at,
      count(*) FILTER (WHERE e.type = 'held') AS n_held,
      coalesce(sum(metrics_ms(e.at)) FILTER (WHERE e.type = 'held'), 0) AS s_held,
      count(*) FILTER (WHERE e.type = 'resumed') AS n_resumed,
      coalesce(sum(metrics_ms(e.at)) FILTER (WHERE e.type = 'resumed'), 0) AS s_resumed,
      count(*) FILTER (WHERE e.type IN ('accepted', 'assigned')) AS n_take,
      sum(metrics_ms(e.at)) FILTER (WHERE e.type IN ('accepted', 'assigned')) AS s_take,
      min(metrics_ms(e.at)) FILTER (WHERE e.type IN ('accepted', 'assigned')) AS f_take,
      count(*) FILTER (WHERE e.type = 'transferred') AS n_tr,
      coalesce(sum(metrics_ms(e.at)) FILTER (WHERE e.type = 'transferred'), 0) AS s_tr,
      count(*) FILTER (WHERE e.type = 'transferred') AS transfers,
      count(*) FILTER (WHERE e.type = 'escalated') AS escalations,
      (count(*) FILTER (WHERE e.type = 'resolved') > 0)::int AS resolved,
      (array_agg((e.data ->> 'score')::int ORDER BY e.id DESC) FILTER (WHERE e.type = 'rated' AND e.data ->> 'score' ~ '^[1-5]$'))[1] AS rating
    FROM interaction_events e
    GROUP BY e.interaction_id, e.workspace_id
  ) g
  JOIN interactions i ON i.id = g.interaction_id
  LEFT JOIN queues q ON q.id = coalesce(g.queued_queue, g.any_queue)
  LEFT JOIN metrics_settings s ON s.workspace_id = g.workspace_id
) d;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_refresh_contact(p_id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
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
--> statement-breakpoint
-- Earlier contacts of the same customer inside the FCR window: a new contact (or a new reason/case) can make them repeats.
CREATE OR REPLACE FUNCTION metrics_refresh_earlier(p_id uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT y.id FROM interactions x
    JOIN interactions y ON y.customer_id = x.customer_id AND y.workspace_id = x.workspace_id AND y.id <> x.id
      AND y.created_at < x.created_at
      AND y.created_at >= x.created_at - make_interval(days => coalesce((SELECT fcr_days FROM metrics_settings WHERE workspace_id = x.workspace_id), 7))
    WHERE x.id = p_id AND EXISTS (SELECT 1 FROM metric_contacts m WHERE m.interaction_id = y.id)
  LOOP
    PERFORM metrics_refresh_contact(r.id);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_on_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF current_setting('tawasul.metrics_off', true) = 'on' THEN RETURN NULL; END IF;
  FOR r IN SELECT DISTINCT interaction_id FROM new_events LOOP
    PERFORM metrics_refresh_contact(r.interaction_id);
  END LOOP;
  FOR r IN SELECT DISTINCT interaction_id FROM new_events WHERE type = 'created' LOOP
    PERFORM metrics_refresh_earlier(r.interaction_id);
  END LOOP;
  FOR r IN SELECT DISTINCT workspace_id FROM new_events LOOP
    PERFORM pg_notify('tawasul_metrics', r.workspace_id::text);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER interaction_events_metrics AFTER INSERT ON interaction_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION metrics_on_events();
--> statement-breakpoint
-- A contact's reason, case, customer (merge) or language changed without an event.
CREATE OR REPLACE FUNCTION metrics_on_interaction_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('tawasul.metrics_off', true) = 'on' THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM metric_contacts WHERE interaction_id = NEW.id) THEN
    PERFORM metrics_refresh_contact(NEW.id);
    PERFORM metrics_refresh_earlier(NEW.id);
    PERFORM pg_notify('tawasul_metrics', NEW.workspace_id::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER interactions_metrics AFTER UPDATE OF reason, case_id, customer_id, channel, language ON interactions
  FOR EACH ROW WHEN (OLD.reason IS DISTINCT FROM NEW.reason OR OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
    OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.language IS DISTINCT FROM NEW.language)
  EXECUTE FUNCTION metrics_on_interaction_change();
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
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION metrics_on_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('tawasul.metrics_off', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM metrics_bucket_add(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM metrics_bucket_add(NEW, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER metric_contacts_buckets AFTER INSERT OR UPDATE OR DELETE ON metric_contacts
  FOR EACH ROW EXECUTE FUNCTION metrics_on_contact();
--> statement-breakpoint
-- Agent state changes move the wallboard too.
CREATE OR REPLACE FUNCTION metrics_on_agent_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tawasul_metrics', NEW.workspace_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER agent_state_log_metrics AFTER INSERT ON agent_state_log FOR EACH ROW EXECUTE FUNCTION metrics_on_agent_state();
--> statement-breakpoint
-- Rebuilds a workspace's facts and rollups from the event log (after a change of thresholds, or for history).
CREATE OR REPLACE FUNCTION metrics_rebuild(p_ws uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  PERFORM set_config('tawasul.metrics_off', 'on', true);
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
    count(c.rating), coalesce(sum(c.rating), 0), count(*) FILTER (WHERE c.rating >= coalesce((SELECT csat_positive_min FROM metrics_settings WHERE workspace_id = p_ws), 4))
  FROM metric_contacts c WHERE c.workspace_id = p_ws
  GROUP BY c.workspace_id, c.bucket, c.queue_id, c.agent_id, c.channel, c.reason;
  PERFORM set_config('tawasul.metrics_off', 'off', true);
  RETURN n;
END $$;
