CREATE TABLE "agent_presence" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"state" text DEFAULT 'offline' NOT NULL,
	"reason" text,
	"since" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"capacity" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"missed_in_row" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_state_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "routing_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"interaction_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"queue_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"offered_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "routing_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"reason_codes" text[] DEFAULT '{break,lunch,training,meeting,coaching}'::text[] NOT NULL,
	"default_capacity" jsonb DEFAULT '{"voice":1,"chat":3,"email":5,"sms":3,"whatsapp":3,"telegram":3,"messenger":3,"form":5,"walk_in":1}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "enqueued_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "routing_priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "callback_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_state_log" ADD CONSTRAINT "agent_state_log_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_state_log" ADD CONSTRAINT "agent_state_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_offers" ADD CONSTRAINT "routing_offers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_offers" ADD CONSTRAINT "routing_offers_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_offers" ADD CONSTRAINT "routing_offers_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_settings" ADD CONSTRAINT "routing_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_presence_workspace_idx" ON "agent_presence" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "agent_state_log_user_idx" ON "agent_state_log" USING btree ("workspace_id","user_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "routing_offers_one_pending" ON "routing_offers" USING btree ("interaction_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "routing_offers_agent_idx" ON "routing_offers" USING btree ("agent_id","status");--> statement-breakpoint
CREATE INDEX "interactions_queued_idx" ON "interactions" USING btree ("workspace_id","status","queue_id");