-- Servers cache signed-in sessions for a few seconds (platform/auth/session-cache.ts). The database
-- tells every server at once when a session ends (sign-out, password change, deactivation, a user or
-- workspace deleted) or a user's role, name, email or status changes, so no cache outlives them.
CREATE OR REPLACE FUNCTION sessions_ended_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tawasul_sessions', 's:' || OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS sessions_ended_notice ON sessions;
--> statement-breakpoint
CREATE TRIGGER sessions_ended_notice AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_ended_notice();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION users_changed_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tawasul_sessions', 'u:' || NEW.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS users_changed_notice ON users;
--> statement-breakpoint
CREATE TRIGGER users_changed_notice AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.email IS DISTINCT FROM NEW.email OR OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
  EXECUTE FUNCTION users_changed_notice();
