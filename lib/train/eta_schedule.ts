/**
 * The adaptive eta schedule (TrainSettings.etaSchedule): after an iteration that lowered the
 * training objective eta shrinks towards etaMin; after one that raised it (and was undone) it
 * grows back towards eta, Bohning's bound, where the surrogate majorises the loss again.
 */
import type { TrainSettings } from "./config.ts";

type EtaSettings = Pick<TrainSettings, "eta" | "etaMin" | "etaShrink" | "etaGrow">;

/** True when an iteration that raised the objective must be undone (eta below the bound). */
export function mustUndo(settings: EtaSettings, eta: number, raised: boolean): boolean {
  return raised && eta < settings.eta;
}

/** The eta of the next iteration, given whether this one was undone. */
export function nextEta(settings: EtaSettings, eta: number, undone: boolean): number {
  return undone
    ? Math.min(settings.eta, eta * settings.etaGrow)
    : Math.max(settings.etaMin, eta * settings.etaShrink);
}
