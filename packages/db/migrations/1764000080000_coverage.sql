-- Up Migration
-- Issue 14 point 5: a photo that cuts off part of the planned section is scored over the part in view. The share in
-- view goes with each result (1 for rows written before: they were scored as full views), and an SKU whose planned
-- facings are all outside the photo is "not seen", never out of stock.
ALTER TABLE shelfstream.compliance_results ADD COLUMN coverage double precision NOT NULL DEFAULT 1;
ALTER TABLE shelfstream.compliance_sku_findings ADD COLUMN not_seen boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE shelfstream.compliance_sku_findings DROP COLUMN IF EXISTS not_seen;
ALTER TABLE shelfstream.compliance_results DROP COLUMN IF EXISTS coverage;
