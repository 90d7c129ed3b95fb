using System.Buffers.Binary;
using System.Numerics.Tensors;

namespace Briefly.Core.Search.Semantic;

/// <summary>
/// How a story's vector is made and stored. The text embedded is the headline and the summary: what the story is
/// about, in the writer's words; "why it matters" argues consequences and would pull stories towards each other.
/// Stored as little-endian half-precision floats (768 bytes for 384 dimensions): cosine similarities keep three
/// decimals, which is finer than any difference ranking acts on, at half the bytes of single precision.
/// </summary>
public static class StoryVectors
{
    /// <summary>
    /// MiniLM reads at most 256 word pieces and ignores the rest; a summary's first 1,500 characters hold them with room
    /// to spare, and cutting here keeps a 2 MB story from costing seconds to tokenise.
    /// </summary>
    public const int MaxTextLength = 1_500;

    public static string TextOf(string title, string summary)
    {
        var text = string.IsNullOrWhiteSpace(summary) ? title : $"{title}. {summary}";
        return text.Length <= MaxTextLength ? text : text[..MaxTextLength];
    }

    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(short)];
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * sizeof(short)), (Half)vector[i]);
        return bytes;
    }

    /// <summary>The stored vector, scaled back to unit length (rounding to half precision moves it off by ~1e-4).</summary>
    public static float[] Decode(ReadOnlySpan<byte> bytes) =>
        TryDecode(bytes) ?? throw new InvalidDataException($"A stored vector of {bytes.Length} bytes is not a whole, non-zero number of half floats.");

    /// <summary>As <see cref="Decode"/>, or null for bytes that cannot be a stored vector (empty, odd length, all zero, not finite).</summary>
    public static float[]? TryDecode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length % sizeof(short) != 0) return null;
        var vector = new float[bytes.Length / sizeof(short)];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * sizeof(short))..]);
        var length = TensorPrimitives.Norm<float>(vector);
        if (!float.IsFinite(length) || length == 0) return null;
        TensorPrimitives.Divide(vector, length, vector);
        return vector;
    }

    public static void Normalise(Span<float> vector)
    {
        var length = TensorPrimitives.Norm(vector);
        if (length > 0) TensorPrimitives.Divide(vector, length, vector);
    }
}
