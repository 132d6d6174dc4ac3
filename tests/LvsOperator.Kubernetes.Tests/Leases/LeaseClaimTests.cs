using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Leases;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Kubernetes.Tests.Leases;

/// <summary>One try's decision, as client-go's <c>tryAcquireOrRenew</c> makes it.</summary>
public sealed class LeaseClaimTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly LeaseElectorOptions Options = new()
    {
        Namespace = "lvs-operator", Name = "lvs-operator-controller", Identity = "b", LeaseDuration = TimeSpan.FromSeconds(15),
    };

    private static Lease Held(string holder, int transitions = 2) => new()
    {
        Metadata = new ObjectMeta { Name = "lvs-operator-controller", Namespace = "lvs-operator", ResourceVersion = "7" },
        Spec = new LeaseSpec
        {
            HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = Now.AddMinutes(-5), RenewTime = Now.AddSeconds(-1),
            LeaseTransitions = transitions,
        },
    };

    [Fact]
    public void No_Lease_is_created_held_by_this_replica_with_no_transitions()
    {
        var claim = LeaseClaim.Next(null, Options, Now, TimeSpan.Zero)!;

        Assert.Equal(("lvs-operator", "lvs-operator-controller", null), (claim.Metadata.Namespace, claim.Metadata.Name, claim.Metadata.ResourceVersion));
        Assert.Equal(new LeaseSpec { HolderIdentity = "b", LeaseDurationSeconds = 15, AcquireTime = Now, RenewTime = Now, LeaseTransitions = 0 }, claim.Spec);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14.9)]
    public void Another_holder_keeps_the_Lease_while_this_replica_has_seen_it_unchanged_for_less_than_its_term(double seconds) =>
        Assert.Null(LeaseClaim.Next(Held("a"), Options, Now, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Another_holder_whose_term_ran_out_is_replaced_conditionally_and_the_transition_counted()
    {
        var claim = LeaseClaim.Next(Held("a"), Options, Now, TimeSpan.FromSeconds(15))!;

        Assert.Equal("7", claim.Metadata.ResourceVersion);
        Assert.Equal(new LeaseSpec { HolderIdentity = "b", LeaseDurationSeconds = 15, AcquireTime = Now, RenewTime = Now, LeaseTransitions = 3 }, claim.Spec);
    }

    [Fact]
    public void A_released_Lease_is_taken_at_once()
    {
        var released = LeaseClaim.Release(Held("a"), "a", Now)!;

        Assert.Equal(("", 1, Now), (released.Spec!.HolderIdentity, released.Spec.LeaseDurationSeconds, released.Spec.RenewTime));
        Assert.Equal("b", LeaseClaim.Next(released, Options, Now, TimeSpan.Zero)!.Spec!.HolderIdentity);
    }

    [Fact]
    public void Its_own_Lease_is_renewed_keeping_when_it_was_acquired_and_the_transitions()
    {
        var claim = LeaseClaim.Next(Held("b"), Options, Now, TimeSpan.Zero)!;

        Assert.Equal(new LeaseSpec
        {
            HolderIdentity = "b", LeaseDurationSeconds = 15, AcquireTime = Now.AddMinutes(-5), RenewTime = Now, LeaseTransitions = 2,
        }, claim.Spec);
    }

    [Fact]
    public void Only_the_holder_releases()
    {
        Assert.Null(LeaseClaim.Release(Held("a"), "b", Now));
        Assert.Null(LeaseClaim.Release(null, "b", Now));
    }
}
