CREATE TABLE "walk_in_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel_account_id" uuid NOT NULL,
	"interaction_id" uuid,
	"day" text NOT NULL,
	"service" text NOT NULL,
	"letter" text NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"phone" text,
	"counter" text,
	"called_by_id" uuid,
	"called_at" timestamp (3) with time zone,
	"recalls" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "walk_in_tickets" ADD CONSTRAINT "walk_in_tickets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_in_tickets" ADD CONSTRAINT "walk_in_tickets_channel_account_id_channel_accounts_id_fk" FOREIGN KEY ("channel_account_id") REFERENCES "public"."channel_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_in_tickets" ADD CONSTRAINT "walk_in_tickets_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "walk_in_tickets" ADD CONSTRAINT "walk_in_tickets_called_by_id_users_id_fk" FOREIGN KEY ("called_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "walk_in_tickets_number_key" ON "walk_in_tickets" USING btree ("channel_account_id","day","letter","number");--> statement-breakpoint
CREATE UNIQUE INDEX "walk_in_tickets_interaction_key" ON "walk_in_tickets" USING btree ("interaction_id");--> statement-breakpoint
CREATE INDEX "walk_in_tickets_branch_idx" ON "walk_in_tickets" USING btree ("workspace_id","channel_account_id","day","status");