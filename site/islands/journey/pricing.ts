/** The reference data the editor prices events with, as the page hands it over (plain JSON). */
import { journeyCosts, type DeflatorSeries, type JourneyCosts, type UnitCostTable } from '../../../src/costs/index.ts';
import type { Journey } from '../../../src/model/index.ts';

export interface Pricing {
  tables: UnitCostTable[];
  deflator: [string, number][];
  deflatorSource: string;
  priceYear: string;
}

export interface PricingModel {
  tables: ReadonlyMap<string, UnitCostTable>;
  series: DeflatorSeries;
  priceYear: string;
}

export function pricingModel(pricing: Pricing): PricingModel {
  return {
    tables: new Map(pricing.tables.map((table) => [table.id, table])),
    series: { source: pricing.deflatorSource, factors: new Map(pricing.deflator) },
    priceYear: pricing.priceYear,
  };
}

export function priceJourney(journey: Journey, model: PricingModel): JourneyCosts {
  return journeyCosts(journey, model.tables, model.series, model.priceYear);
}

/** For the editor's panels; the wording itself is `src/costs/wording.ts`. */
