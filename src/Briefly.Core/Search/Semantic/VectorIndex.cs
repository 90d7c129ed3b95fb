using System.Numerics;
using System.Numerics.Tensors;

namespace Briefly.Core.Search.Semantic;

/// <summary>
/// The stories' vectors in memory, searched by cosine similarity without a vector database. Each vector is kept twice:
/// in half precision (768 bytes at 384 dimensions) for exact scores, and as its signs (48 bytes), whose Hamming distance
/// tracks the angle between vectors. Over a few thousand stories every vector is scored exactly; beyond that the signs
/// pick the closest few hundred, which are then scored exactly, so a question reads 5 MB rather than 77 MB at 100k
/// stories. Not thread-safe: <see cref="StoryIndex"/> guards it with its own lock.
/// </summary>
public sealed class VectorIndex
{
    /// <summary>Below this many vectors, scoring all of them exactly is cheaper than choosing by signs first.</summary>
    private const int ExactBelow = 4_096;

    private readonly List<long> ids = [];
    private readonly Dictionary<long, int> slots = [];
    private readonly List<int> free = [];
    private Half[] values = [];
    private ulong[] signs = [];

    /// <summary>Scratch space for <see cref="BySigns"/>, reused: a question allocates nothing the size of the index.</summary>
    private ushort[] distances = [];
    private int dimensions;
    private int words;

    public int Count => slots.Count;

    /// <summary>
    /// Adds or replaces a story's vector. False, and the story left without one, for a vector of another length than the
    /// first one added: it cannot be compared with the others.
    /// </summary>
    public bool Set(long id, ReadOnlySpan<float> vector)
    {
        if (dimensions == 0)
        {
            dimensions = vector.Length;
            words = (dimensions + 63) / 64;
        }
        if (vector.Length != dimensions)
        {
            Remove(id);
            return false;
        }

        if (!slots.TryGetValue(id, out var slot))
        {
            if (free.Count > 0)
            {
                slot = free[^1];
                free.RemoveAt(free.Count - 1);
                ids[slot] = id;
            }
            else
            {
                slot = ids.Count;
                ids.Add(id);
                Grow(ids.Count);
            }
            slots[id] = slot;
        }
        var stored = values.AsSpan(slot * dimensions, dimensions);
        TensorPrimitives.ConvertToHalf(vector, stored);
        var bits = signs.AsSpan(slot * words, words);
        bits.Clear();
        for (var i = 0; i < dimensions; i++)
            if (vector[i] > 0) bits[i >> 6] |= 1UL << (i & 63);
        return true;
    }

    public void Remove(long id)
    {
        if (!slots.Remove(id, out var slot)) return;
        ids[slot] = -1;
        free.Add(slot);
    }

    /// <summary>The cosine similarity of a story's vector to the query (unit length), or null when the story has none.</summary>
    public float? Similarity(long id, ReadOnlySpan<float> query)
    {
        if (!slots.TryGetValue(id, out var slot) || query.Length != dimensions) return null;
        Span<float> vector = stackalloc float[dimensions];
        return Score(slot, query, vector);
    }

    /// <summary>The <paramref name="count"/> stories closest in meaning to the query (unit length), closest first.</summary>
    public List<(long Id, float Similarity)> Nearest(ReadOnlySpan<float> query, int count)
    {
        if (Count == 0 || count <= 0 || query.Length != dimensions) return [];
        var candidates = Count < ExactBelow ? LiveSlots() : BySigns(query, Math.Max(count * 8, 400));
        var scored = new List<(long Id, float Similarity)>(candidates.Count);
        var vector = new float[dimensions];
        foreach (var slot in candidates) scored.Add((ids[slot], Score(slot, query, vector)));
        scored.Sort((a, b) => b.Similarity.CompareTo(a.Similarity) is var c && c != 0 ? c : a.Id.CompareTo(b.Id));
        if (scored.Count > count) scored.RemoveRange(count, scored.Count - count);
        return scored;
    }

    private float Score(int slot, ReadOnlySpan<float> query, Span<float> buffer)
    {
        TensorPrimitives.ConvertToSingle(values.AsSpan(slot * dimensions, dimensions), buffer);
        return TensorPrimitives.Dot(query, buffer);
    }

    private List<int> LiveSlots()
    {
        var live = new List<int>(Count);
        for (var slot = 0; slot < ids.Count; slot++)
            if (ids[slot] >= 0) live.Add(slot);
        return live;
    }

    /// <summary>
    /// The slots whose signs differ least from the query's. Distances run from 0 to the number of dimensions, so a
    /// count per distance finds the cut that keeps about <paramref name="keep"/> of them in two passes, with no sorting.
    /// </summary>
    private List<int> BySigns(ReadOnlySpan<float> query, int keep)
    {
        Span<ulong> mine = stackalloc ulong[words];
        for (var i = 0; i < dimensions; i++)
            if (query[i] > 0) mine[i >> 6] |= 1UL << (i & 63);

        if (distances.Length < ids.Count) distances = new ushort[ids.Capacity];
        Span<int> perDistance = stackalloc int[dimensions + 2];
        for (var slot = 0; slot < ids.Count; slot++)
        {
            if (ids[slot] < 0) { distances[slot] = ushort.MaxValue; continue; }
            var theirs = signs.AsSpan(slot * words, words);
            var distance = 0;
            for (var w = 0; w < words; w++) distance += BitOperations.PopCount(mine[w] ^ theirs[w]);
            distances[slot] = (ushort)distance;
            perDistance[distance]++;
        }
        int cut = 0, kept = 0;
        while (cut <= dimensions && kept + perDistance[cut] <= keep) kept += perDistance[cut++];

        // Everything nearer than the cut, then as many at the cut as fit.
        var chosen = new List<int>(keep);
        var atCut = keep - kept;
        for (var slot = 0; slot < ids.Count; slot++)
        {
            var distance = distances[slot];
            if (distance < cut) chosen.Add(slot);
            else if (distance == cut && atCut > 0) { chosen.Add(slot); atCut--; }
        }
        return chosen;
    }

    private void Grow(int needed)
    {
        if (needed * dimensions <= values.Length) return;
        var capacity = Math.Max(needed, Math.Max(64, ids.Capacity));
        Array.Resize(ref values, capacity * dimensions);
        Array.Resize(ref signs, capacity * words);
    }
}
