-- Realtime ids come from the sequence as each transaction commits, without a workspace lock and without
-- NOTIFY: both serialise every publishing commit of a workspace (NOTIFY of the whole database) through
-- its WAL flush. Readers poll for new ids and wait for a missing id until every transaction that could
-- hold it has ended (server/platform/realtime/bus.ts), so they still never skip one.
CREATE OR REPLACE FUNCTION realtime_outbox_publish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO realtime_events (workspace_id, topic, type, payload) VALUES (NEW.workspace_id, NEW.topic, NEW.type, NEW.payload);
  DELETE FROM realtime_outbox WHERE seq = NEW.seq;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Agent state changes reach the wallboard through the realtime events they publish.
DROP TRIGGER IF EXISTS agent_state_log_metrics ON agent_state_log;
--> statement-breakpoint
DROP FUNCTION IF EXISTS metrics_on_agent_state();
