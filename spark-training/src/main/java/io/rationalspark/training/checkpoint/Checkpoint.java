package io.rationalspark.training.checkpoint;

import io.rationalspark.training.TrainerState;
import org.deeplearning4j.nn.api.Model;

import java.util.List;
import java.util.Map;

/**
 * A loaded, verified checkpoint: everything a resume needs.
 *
 * @param info     where it was read from
 * @param model    the network with parameters and updater state restored (a {@code MultiLayerNetwork} or a
 *                 {@code ComputationGraph}, see {@link CheckpointManifest#modelType()})
 * @param state    the trainer's position and round history
 * @param manifest the checkpoint's {@code checkpoint.json}: format version, library versions, caller metadata
 * @param skipped  newer checkpoints that were invalid and passed over, newest first (empty from
 *                 {@link CheckpointStore#load(CheckpointInfo)})
 */
public record Checkpoint(CheckpointInfo info, Model model, TrainerState state, CheckpointManifest manifest,
                         List<SkippedCheckpoint> skipped) {

    public Checkpoint {
        skipped = List.copyOf(skipped);
    }

    /** The caller's metadata given to {@link CheckpointStore#save}. */
    public Map<String, String> metadata() {
        return manifest.metadata();
    }

    /** Rounds completed when the checkpoint was written. */
    public long round() {
        return info.round();
    }
}
