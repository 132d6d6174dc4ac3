using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.LoadBalancing.Pools;

namespace LvsOperator.Core.Tests.LoadBalancing;

/// <summary>
/// Random sequences of Service creations, deletions, address requests and pool resizes, each followed by an
/// allocation whose answer is written back into the Services' status, as the controller does. After every step:
/// no address twice (unless shared by key on other ports), every address inside its pool, a free requested address
/// honoured, the answer independent of input order and unchanged when fed back, a shrink flagged on the Service and
/// the pool, and Services untouched by a step keep their addresses unless their pool shrank.
/// </summary>
public sealed class AllocationProperties
{
    private static readonly string[] Names = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"];
    private static readonly string[] Requestable = ["192.0.2.1", "192.0.2.2", "192.0.2.9", "198.18.0.1", "2001:db8::3", "203.0.113.5"];

    private static readonly Gen<Step> Steps = Gen.OneOf(
        from name in Gen.Elements(Names)
        from minute in Gen.Choose(0, 50)
        from family in Gen.Choose(0, 3)
        from key in Gen.Elements<string?>(null, null, "k1", "k2")
        from port in Gen.Elements(53, 80, 443)
        select (Step)new Create(name, minute, family, key, port),
        Gen.Elements(Names).Select(n => (Step)new Delete(n)),
        from name in Gen.Elements(Names)
        from address in Gen.Elements<string?>([.. Requestable, null])
        select (Step)new Request(name, address),
        from pool in Gen.Elements("a", "b")
        from prefix in Gen.Choose(0, 3)
        select (Step)new Resize(pool, prefix));

    [Property(MaxTest = 1000)]
    public Property Allocation_stays_sound_across_random_sequences() =>
        Prop.ForAll(Arb.From(Gen.ListOf(Steps).Select(l => l.ToList())), steps =>
        {
            var world = new World();
            foreach (var step in steps)
            {
                var before = world.Services.ToDictionary(s => s.Name);
                var poolsBefore = world.PoolAddresses();
                world.Apply(step);
                var pools = world.Pools();
                var result = Allocate(pools, world.Services);
                var problem = AllocationChecks.Sound(pools, world.Services, result)
                              ?? AllocationChecks.RequestedHonoured(pools, world.Services, result)
                              ?? AllocationChecks.OrderFree(pools, world.Services, result, seed: steps.Count * 31 + world.Services.Count)
                              ?? AllocationChecks.ShrinkFlagged(pools, world.Services, result)
                              ?? AllocationChecks.Idempotent(pools, world.Services, result)
                              ?? (poolsBefore == world.PoolAddresses() ? AllocationChecks.Stable(before, step, world.Services, result) : null);
                if (problem is not null) return false.Label($"after {step}: {problem}");
                world.Services = Applied(world.Services, result);
            }

            return true.Label("sound");
        });

    internal abstract record Step;
    private sealed record Create(string Name, int Minute, int Family, string? Key, int Port) : Step;
    private sealed record Delete(string Name) : Step;
    private sealed record Request(string Name, string? Address) : Step;
    private sealed record Resize(string Pool, int Step) : Step;

    private sealed class World
    {
        private int _a = 1;
        private int _b = 1;

        public List<LoadBalancerService> Services { get; set; } = [];

        public List<AddressPool> Pools() =>
        [
            Pool("a", $"192.0.2.0/{28 + _a}"),
            Pool("b", $"198.18.0.0/{30 + Math.Min(_b, 2)}", $"2001:db8::/{125 + _b}"),
            Pool("huge", "2001:db8:1::/64").With(new ServiceAllocation { Priority = 9 }),
        ];

        public string PoolAddresses() => $"{_a}/{_b}";

        public void Apply(Step step)
        {
            switch (step)
            {
                case Create c when Services.All(s => s.Name.Name != c.Name):
                    var service = Service(c.Name, minutes: c.Minute, ports: c.Port) with { IpFamilyPolicy = Policy(c.Family), IpFamilies = Families(c.Family) };
                    Services.Add(c.Key is null ? service : service.Annotated(LoadBalancerAnnotations.AllowSharedIp, c.Key));
                    break;
                case Delete d:
                    Services.RemoveAll(s => s.Name.Name == d.Name);
                    break;
                case Request r:
                    Services = Services.Select(s => s.Name.Name != r.Name ? s : s.Annotated(LoadBalancerAnnotations.Address, r.Address ?? "")).ToList();
                    break;
                case Resize z when z.Pool == "a":
                    _a = z.Step;
                    break;
                case Resize z:
                    _b = z.Step;
                    break;
            }
        }

        private static IpFamilyPolicy Policy(int family) => family switch
        {
            2 => IpFamilyPolicy.RequireDualStack,
            3 => IpFamilyPolicy.PreferDualStack,
            _ => IpFamilyPolicy.SingleStack,
        };

        private static IpFamily[] Families(int family) => family switch
        {
            0 => [IpFamily.IPv4],
            1 => [IpFamily.IPv6],
            2 => [IpFamily.IPv4, IpFamily.IPv6],
            _ => [IpFamily.IPv6, IpFamily.IPv4],
        };
    }
}
