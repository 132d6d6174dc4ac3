using LvsOperator.Kubernetes.Informers;

namespace LvsOperator.Kubernetes.Tests.Informers;

public sealed class ExponentialBackoffTests
{
    private static readonly BackoffOptions Options = new()
    {
        Initial = TimeSpan.FromSeconds(1),
        Max = TimeSpan.FromSeconds(10),
        Factor = 2,
        Jitter = 0.5,
    };

    [Fact]
    public void Without_random_share_the_delay_doubles_up_to_the_cap()
    {
        var backoff = new ExponentialBackoff(Options, () => 0);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void Jitter_adds_its_random_share_of_the_step()
    {
        var backoff = new ExponentialBackoff(Options, () => 0.5);

        // Step 1 s plus 0.5 × 0.5 × 1 s; then step 2 s plus 0.5 s.
        Assert.Equal(TimeSpan.FromSeconds(1.25), backoff.Next());
        Assert.Equal(TimeSpan.FromSeconds(2.5), backoff.Next());
    }

    [Fact]
    public void Reset_starts_over_at_the_initial_delay()
    {
        var backoff = new ExponentialBackoff(Options, () => 0);
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void Client_go_defaults_start_at_800ms_and_never_exceed_twice_30s()
    {
        var backoff = new ExponentialBackoff(new BackoffOptions(), () => 0.999);

        var delays = Enumerable.Range(0, 20).Select(_ => backoff.Next()).ToList();

        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600));
        Assert.All(delays, d => Assert.True(d < TimeSpan.FromSeconds(60)));
        Assert.True(delays[^1] > TimeSpan.FromSeconds(59));
    }

    [Fact]
    public void A_capped_delay_waits_at_most_the_cap_while_the_step_keeps_growing()
    {
        var backoff = new ExponentialBackoff(Options, () => 0);

        var capped = Enumerable.Range(0, 4).Select(_ => backoff.Next(TimeSpan.FromSeconds(2)).TotalSeconds);

        Assert.Equal([1, 2, 2, 2], capped);
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Next());
    }
}
