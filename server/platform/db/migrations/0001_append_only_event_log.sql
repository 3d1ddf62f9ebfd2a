-- The interaction event log is append-only: KPIs are computed from it and must be traceable.
CREATE OR REPLACE FUNCTION interaction_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'interaction_events is append-only' USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER interaction_events_no_update BEFORE UPDATE ON interaction_events
  FOR EACH ROW EXECUTE FUNCTION interaction_events_append_only();
