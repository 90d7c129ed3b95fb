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

    private readonly List<long> _ids = [];
    private readonly Dictionary<long, int> _slots = [];
    private readonly List<int> _free = [];
    private Half[] _values = [];
    private ulong[] _signs = [];

    /// <summary>Scratch space for <see cref="BySigns"/>, reused: a question allocates nothing the size of the index.</summary>
    private ushort[] _distances = [];
    private int _dimensions;
    private int _words;

    public int Count => _slots.Count;

    /// <summary>
    /// Adds or replaces a story's vector. False, and the story left without one, for a vector of another length than the
    /// first one added: it cannot be compared with the others.
    /// </summary>
    public bool Set(long id, ReadOnlySpan<float> vector)
    {
        if (_dimensions == 0)
        {
            _dimensions = vector.Length;
            _words = (_dimensions + 63) / 64;
        }
        if (vector.Length != _dimensions)
        {
            Remove(id);
            return false;
        }

        if (!_slots.TryGetValue(id, out var slot))
        {
            if (_free.Count > 0)
            {
                slot = _free[^1];
                _free.RemoveAt(_free.Count - 1);
                _ids[slot] = id;
            }
            else
            {
                slot = _ids.Count;
                _ids.Add(id);
                Grow(_ids.Count);
            }
            _slots[id] = slot;
        }
        var stored = _values.AsSpan(slot * _dimensions, _dimensions);
        TensorPrimitives.ConvertToHalf(vector, stored);
        var bits = _signs.AsSpan(slot * _words, _words);
        bits.Clear();
        for (var i = 0; i < _dimensions; i++)
            if (vector[i] > 0) bits[i >> 6] |= 1UL << (i & 63);
        return true;
    }

    public void Remove(long id)
    {
        if (!_slots.Remove(id, out var slot)) return;
        _ids[slot] = -1;
        _free.Add(slot);
    }

    /// <summary>The cosine similarity of a story's vector to the query (unit length), or null when the story has none.</summary>
    public float? Similarity(long id, ReadOnlySpan<float> query)
    {
        if (!_slots.TryGetValue(id, out var slot) || query.Length != _dimensions) return null;
        Span<float> vector = stackalloc float[_dimensions];
        return Score(slot, query, vector);
    }

    /// <summary>The <paramref name="count"/> stories closest in meaning to the query (unit length), closest first.</summary>
    public List<(long Id, float Similarity)> Nearest(ReadOnlySpan<float> query, int count)
    {
        if (Count == 0 || count <= 0 || query.Length != _dimensions) return [];
        var candidates = Count < ExactBelow ? LiveSlots() : BySigns(query, Math.Max(count * 8, 400));
        var scored = new List<(long Id, float Similarity)>(candidates.Count);
        var vector = new float[_dimensions];
        foreach (var slot in candidates) scored.Add((_ids[slot], Score(slot, query, vector)));
        scored.Sort((a, b) => b.Similarity.CompareTo(a.Similarity) is var c && c != 0 ? c : a.Id.CompareTo(b.Id));
        if (scored.Count > count) scored.RemoveRange(count, scored.Count - count);
        return scored;
    }

    private float Score(int slot, ReadOnlySpan<float> query, Span<float> buffer)
    {
        TensorPrimitives.ConvertToSingle(_values.AsSpan(slot * _dimensions, _dimensions), buffer);
        return TensorPrimitives.Dot(query, buffer);
    }

    private List<int> LiveSlots()
    {
        var live = new List<int>(Count);
        for (var slot = 0; slot < _ids.Count; slot++)
            if (_ids[slot] >= 0) live.Add(slot);
        return live;
    }

    /// <summary>
    /// The slots whose signs differ least from the query's. Distances run from 0 to the number of dimensions, so a
    /// count per distance finds the cut that keeps about <paramref name="keep"/> of them in two passes, with no sorting.
    /// </summary>
    private List<int> BySigns(ReadOnlySpan<float> query, int keep)
    {
        Span<ulong> mine = stackalloc ulong[_words];
        for (var i = 0; i < _dimensions; i++)
            if (query[i] > 0) mine[i >> 6] |= 1UL << (i & 63);

        if (_distances.Length < _ids.Count) _distances = new ushort[_ids.Capacity];
        Span<int> perDistance = stackalloc int[_dimensions + 2];
        for (var slot = 0; slot < _ids.Count; slot++)
        {
            if (_ids[slot] < 0) { _distances[slot] = ushort.MaxValue; continue; }
            var theirs = _signs.AsSpan(slot * _words, _words);
            var distance = 0;
            for (var w = 0; w < _words; w++) distance += BitOperations.PopCount(mine[w] ^ theirs[w]);
            _distances[slot] = (ushort)distance;
            perDistance[distance]++;
        }
        int cut = 0, kept = 0;
        while (cut <= _dimensions && kept + perDistance[cut] <= keep) kept += perDistance[cut++];

        // Everything nearer than the cut, then as many at the cut as fit.
        var chosen = new List<int>(keep);
        var atCut = keep - kept;
        for (var slot = 0; slot < _ids.Count; slot++)
        {
            var distance = _distances[slot];
            if (distance < cut) chosen.Add(slot);
            else if (distance == cut && atCut > 0) { chosen.Add(slot); atCut--; }
        }
        return chosen;
    }

    private void Grow(int needed)
    {
        if (needed * _dimensions <= _values.Length) return;
        var capacity = Math.Max(needed, Math.Max(64, _ids.Capacity));
        Array.Resize(ref _values, capacity * _dimensions);
        Array.Resize(ref _signs, capacity * _words);
    }
}
