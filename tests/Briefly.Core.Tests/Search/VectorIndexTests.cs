using Briefly.Core.Search.Semantic;

namespace Briefly.Core.Tests.Search;

public class VectorIndexTests
{
    private const int Dimensions = 384;

    [Theory]
    [InlineData(500)]     // scored exactly
    [InlineData(20_000)]  // chosen by signs first, then scored exactly
    public void The_nearest_vectors_come_first_at_any_size(int count)
    {
        var random = new Random(7);
        var index = new VectorIndex();
        var vectors = Enumerable.Range(0, count).Select(_ => Unit(random)).ToList();
        for (var i = 0; i < count; i++) index.Set(i + 1, vectors[i]);

        // A question close to three stories (as a paraphrase is to its story) finds those three, closest first.
        var target = vectors[count / 2];
        var query = Unit(target.Select(v => v + (float)(random.NextDouble() - 0.5) * 0.02f).ToArray());
        var near1 = Blend(target, vectors[1], 0.9f);
        var near2 = Blend(target, vectors[2], 0.8f);
        index.Set(count + 1, near1);
        index.Set(count + 2, near2);

        var nearest = index.Nearest(query, 3);

        Assert.Equal([count / 2 + 1, count + 1, count + 2], nearest.Select(n => n.Id));
        Assert.True(nearest[0].Similarity > 0.99f);
        Assert.Equal(Dot(query, near1), nearest[1].Similarity, 0.002f);
    }

    [Fact]
    public void A_replaced_vector_is_searched_as_it_is_now_and_a_removed_one_not_at_all()
    {
        var random = new Random(3);
        var index = new VectorIndex();
        var a = Unit(random);
        var b = Unit(random);
        index.Set(1, a);
        index.Set(2, b);

        index.Set(1, b);
        index.Remove(2);
        index.Set(3, a);

        Assert.Equal(2, index.Count);
        Assert.Equal([3L, 1L], index.Nearest(a, 5).Select(n => n.Id));
        Assert.Null(index.Similarity(2, a));
        Assert.Equal(1f, index.Similarity(1, b)!.Value, 0.002f);
    }

    [Fact]
    public void Stored_vectors_keep_three_decimals_of_similarity()
    {
        var random = new Random(11);
        for (var i = 0; i < 100; i++)
        {
            var a = Unit(random);
            var b = Blend(a, Unit(random), (float)random.NextDouble());
            var stored = StoryVectors.Decode(StoryVectors.Encode(b));
            Assert.Equal(Dot(a, b), Dot(a, stored), 0.001f);
        }
    }

    private static float[] Unit(Random random) => Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());

    private static float[] Unit(float[] vector)
    {
        StoryVectors.Normalise(vector);
        return vector;
    }

    private static float[] Blend(float[] a, float[] b, float weight) => Unit(a.Zip(b, (x, y) => weight * x + (1 - weight) * y).ToArray());

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b);
}
