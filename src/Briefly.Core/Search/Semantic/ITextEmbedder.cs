namespace Briefly.Core.Search.Semantic;

/// <summary>
/// A sentence-embedding model: texts in, one unit-length vector each out, so the dot product of two vectors is their
/// cosine similarity. Implementations load their model on first use and may be called from several threads.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the model (and its version where it has one). Stored with every vector: vectors of different models are never compared.</summary>
    string ModelId { get; }

    /// <summary>
    /// Embeds the texts in one batch, in order. Throws <see cref="EmbeddingUnavailableException"/> when the model cannot be
    /// loaded or run; the caller then goes on without vectors.
    /// </summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the loaded model's memory; the next <see cref="Embed"/> loads it again. Does nothing when it is not loaded.
    /// Not called while an <see cref="Embed"/> runs (<see cref="StoryEmbeddings"/> takes one at a time).
    /// </summary>
    void Unload();
}

/// <summary>The embedding model could not be loaded or run; the message says why, for the one warning the host logs.</summary>
public sealed class EmbeddingUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
