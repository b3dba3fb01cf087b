-- Issue 3 (experts): the business-hours calendar a consult's OLA was counted in (null: round the clock).
ALTER TABLE "consults" ADD COLUMN "ola_calendar_id" uuid;
