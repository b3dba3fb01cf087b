-- Working slot of this session; merged into one generated migration before landing.
SELECT 1;
