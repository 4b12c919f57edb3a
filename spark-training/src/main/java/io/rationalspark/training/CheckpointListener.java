package io.rationalspark.training;

import io.rationalspark.training.checkpoint.CheckpointStore;
import org.deeplearning4j.nn.api.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes a checkpoint every {@code everyRounds} rounds (0: never in between) and when training ends. */
public final class CheckpointListener implements RoundListener {

    private final CheckpointStore store;
    private final int everyRounds;
    private final Map<String, String> metadata;
    private long lastSaved = -1;

    /**
     * @param metadata stored with every checkpoint (e.g. the resolved job config)
     */
    public CheckpointListener(CheckpointStore store, int everyRounds, Map<String, String> metadata) {
        if (everyRounds < 0) {
            throw new IllegalArgumentException("checkpoint.everyRounds must be >= 0, got " + everyRounds);
        }
        this.store = store;
        this.everyRounds = everyRounds;
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public void roundEnded(Model model, TrainerState state, RoundStats stats) {
        if (everyRounds > 0 && state.nextRound() % everyRounds == 0) {
            save(model, state);
        }
    }

    @Override
    public void trainingEnded(Model model, TrainerState state) {
        if (lastSaved != state.nextRound()) {
            save(model, state);
        }
    }

    private void save(Model model, TrainerState state) {
        try {
            store.save(model, state, metadata);
            lastSaved = state.nextRound();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of round " + state.nextRound() + " to "
                    + store.directory(), e);
        }
    }
}
