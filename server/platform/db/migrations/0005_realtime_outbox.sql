-- Events published inside a transaction wait here until it commits; a deferred trigger then gives them
-- their ids (under the workspace's lock) in realtime_events and announces them. Rows never outlive the
-- transaction that wrote them, so the table is unlogged.
CREATE UNLOGGED TABLE IF NOT EXISTS realtime_outbox (
  seq bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL,
  topic text NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION realtime_outbox_publish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Held to the end of COMMIT: ids of a workspace become visible in the order they were given.
  PERFORM pg_advisory_xact_lock(hashtext('rt:' || NEW.workspace_id::text));
  INSERT INTO realtime_events (workspace_id, topic, type, payload) VALUES (NEW.workspace_id, NEW.topic, NEW.type, NEW.payload);
  DELETE FROM realtime_outbox WHERE seq = NEW.seq;
  PERFORM pg_notify('tawasul_realtime', NEW.workspace_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS realtime_outbox_publish ON realtime_outbox;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER realtime_outbox_publish AFTER INSERT ON realtime_outbox
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION realtime_outbox_publish();
