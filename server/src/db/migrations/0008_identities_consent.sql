CREATE TABLE "consent_purpose_versions" (
	"workspace_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" jsonb NOT NULL,
	"wording" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_purpose_versions_workspace_id_purpose_id_version_pk" PRIMARY KEY("workspace_id","purpose_id","version")
);
--> statement-breakpoint
CREATE TABLE "consent_purposes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"legal_basis" text NOT NULL,
	"double_opt_in" boolean DEFAULT false NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_purposes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "consent_records" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"action" text NOT NULL,
	"legal_basis" text NOT NULL,
	"source" text NOT NULL,
	"wording_version" integer NOT NULL,
	"proof" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_records_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "consent_states" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"status" text NOT NULL,
	"record_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "consent_states_workspace_id_contact_id_purpose_id_pk" PRIMARY KEY("workspace_id","contact_id","purpose_id")
);
--> statement-breakpoint
CREATE TABLE "customer_accounts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"email" text NOT NULL,
	"email_verified_at" timestamp with time zone,
	"password_hash" text,
	"display_name" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "customer_accounts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_sessions" (
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_sessions_workspace_id_token_hash_pk" PRIMARY KEY("workspace_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "identity_links" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"identity_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"method" text NOT NULL,
	"score" double precision,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	"undo_reason" text,
	CONSTRAINT "identity_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "match_candidates" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"explanation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_candidates_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "resolution_models" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"model" jsonb NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resolution_models_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "retention_rules" (
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"months" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_removed" integer,
	CONSTRAINT "retention_rules_workspace_id_kind_pk" PRIMARY KEY("workspace_id","kind")
);
--> statement-breakpoint
CREATE TABLE "sign_on_attempts" (
	"workspace_id" uuid NOT NULL,
	"state" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"return_to" text,
	"purposes" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_on_attempts_workspace_id_state_pk" PRIMARY KEY("workspace_id","state")
);
--> statement-breakpoint
CREATE TABLE "sign_on_providers" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"audience" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_enc" text,
	"scopes" text DEFAULT 'openid email profile' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_on_providers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "social_identities" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"network" text NOT NULL,
	"external_id" text NOT NULL,
	"handle" text,
	"display_name" text,
	"profile_url" text,
	"avatar_url" text,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enrichment" jsonb,
	"enriched_at" timestamp with time zone,
	"contact_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_identities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "consent_purposes_key" ON "consent_purposes" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE INDEX "consent_records_contact" ON "consent_records" USING btree ("workspace_id","contact_id","purpose_id","created_at");--> statement-breakpoint
CREATE INDEX "consent_states_purpose" ON "consent_states" USING btree ("workspace_id","purpose_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_accounts_email" ON "customer_accounts" USING btree ("workspace_id","email");--> statement-breakpoint
CREATE INDEX "customer_accounts_contact" ON "customer_accounts" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "customer_sessions_account" ON "customer_sessions" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_links_open" ON "identity_links" USING btree ("workspace_id","identity_id") WHERE "identity_links"."undone_at" IS NULL;--> statement-breakpoint
CREATE INDEX "identity_links_identity" ON "identity_links" USING btree ("workspace_id","identity_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_links_contact" ON "identity_links" USING btree ("workspace_id","contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "match_candidates_pair" ON "match_candidates" USING btree ("workspace_id","subject_type","subject_id","contact_id");--> statement-breakpoint
CREATE INDEX "match_candidates_queue" ON "match_candidates" USING btree ("workspace_id","status","probability");--> statement-breakpoint
CREATE INDEX "match_candidates_contact" ON "match_candidates" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "resolution_models_created" ON "resolution_models" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "social_identities_external" ON "social_identities" USING btree ("workspace_id","network","external_id");--> statement-breakpoint
CREATE INDEX "social_identities_contact" ON "social_identities" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "social_identities_seen" ON "social_identities" USING btree ("workspace_id","last_seen_at");