using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

public sealed class SliceReportsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static NodeSlice Slice(string name, string vip, long generation = 1) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Generation = generation },
        Spec = new NodeSliceSpec
        {
            NodeName = "director",
            VirtualService = name,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = 80, Scheduler = "rr" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
        },
    };

    private static Condition Programmed(NodeSliceStatus status) => status.Conditions!.Single(c => c.Type == ConditionTypes.Programmed);

    [Fact]
    public void A_failure_marks_only_the_slice_that_asked_for_it()
    {
        var web = Slice("web", "192.0.2.1");
        var api = Slice("api", "192.0.2.2");
        var plan = new Plan([], [new PlanConflict("service TCP 192.0.2.2:80", "already exists in the kernel and was not created by LvsOperator; it is left alone")]);

        var reports = SliceReports.For([web, api], new CycleReport(plan, []), Now).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);

        Assert.Equal((ConditionStatus.True, "Programmed"), (Programmed(reports["web"]).Status, Programmed(reports["web"]).Reason));
        var failed = Programmed(reports["api"]);
        Assert.Equal((ConditionStatus.False, "Failed"), (failed.Status, failed.Reason));
        Assert.Equal("service TCP 192.0.2.2:80: already exists in the kernel and was not created by LvsOperator; it is left alone", failed.Message);
        Assert.All(reports.Values, s => Assert.Equal(1, s.ObservedGeneration));
    }

    [Fact]
    public void A_failed_operation_is_blamed_by_what_it_is_about()
    {
        var web = Slice("web", "192.0.2.1");
        var address = new Kernel.InterfaceAddress("lvs0", System.Net.IPAddress.Parse("192.0.2.1"));
        var cycle = new CycleReport(new Plan([new AddAddress(address)], []), [(new AddAddress(address), "EPERM")])
        {
            Draining = [new Planning.DrainKey(new Kernel.VirtualAddressKey(Protocol.Tcp, address.Address, 80), new Kernel.DestinationKey(System.Net.IPAddress.Parse("198.18.0.9"), 80))],
        };

        var (_, status) = Assert.Single(SliceReports.For([web], cycle, Now));

        Assert.Equal("address 192.0.2.1/32 dev lvs0: EPERM", Programmed(status).Message);
        Assert.Equal(ConditionStatus.True, status.Conditions!.Single(c => c.Type == ConditionTypes.Draining).Status);
    }

    [Fact]
    public void A_slice_already_reported_as_it_is_is_not_written_again_until_its_generation_moves()
    {
        var cycle = new CycleReport(new Plan([], []), []);
        var web = Slice("web", "192.0.2.1");
        var (_, status) = Assert.Single(SliceReports.For([web], cycle, Now));
        web = web with { Status = status };

        Assert.Empty(SliceReports.For([web], cycle, Now.AddMinutes(1)));
        var moved = web with { Metadata = web.Metadata with { Generation = 2 } };
        var (_, next) = Assert.Single(SliceReports.For([moved], cycle, Now.AddMinutes(1)));
        Assert.Equal(2, next.ObservedGeneration);
        Assert.Equal(Now, Programmed(next).LastTransitionTime);
    }

    [Fact]
    public void Destinations_held_down_by_health_checks_are_reported_on_their_slice_only()
    {
        var web = Slice("web", "192.0.2.1") with
        {
            Spec = Slice("web", "192.0.2.1").Spec with
            {
                Services = [new SliceService { Protocol = Protocol.Tcp, Address = "192.0.2.1", Port = 80, Scheduler = "rr", Destinations = [new SliceDestination { Address = "198.18.0.7", Port = 80, Weight = 1 }] }],
            },
        };
        var api = Slice("api", "192.0.2.2");
        var key = new Kernel.VirtualAddressKey(Protocol.Tcp, System.Net.IPAddress.Parse("192.0.2.1"), 80);
        var cycle = new CycleReport(new Plan([], []), [])
        {
            Down = new Dictionary<(Kernel.ServiceKey, Kernel.DestinationKey), string> { [(key, new Kernel.DestinationKey(System.Net.IPAddress.Parse("198.18.0.7"), 80))] = "timeout after 2s" },
        };

        var reports = SliceReports.For([web, api], cycle, Now).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);

        var down = Assert.Single(reports["web"].Unhealthy!);
        Assert.Equal(("TCP 192.0.2.1:80", "198.18.0.7", 80, "timeout after 2s"), (down.Service, down.Address, down.Port, down.Reason));
        Assert.Null(reports["api"].Unhealthy);
        Assert.Empty(SliceReports.For([web with { Status = reports["web"] }], cycle, Now));
    }

    [Fact]
    public void A_failed_source_nat_rule_is_blamed_on_its_service_and_a_failed_table_on_every_slice_with_source_nat()
    {
        var masqueraded = new SliceService { Protocol = Protocol.Tcp, Address = "192.0.2.1", Port = 80, Scheduler = "rr", SourceNat = true };
        var web = Slice("web", "192.0.2.1") with { Spec = Slice("web", "192.0.2.1").Spec with { Services = [masqueraded] } };
        var api = Slice("api", "192.0.2.2");
        var key = new Kernel.VirtualAddressKey(Protocol.Tcp, System.Net.IPAddress.Parse("192.0.2.1"), 80);
        Operation rule = new AddSourceNat(key), chain = new EnsureSourceNatChain();

        var byRule = SliceReports.For([web, api], new CycleReport(new Plan([rule], []), [(rule, "EOPNOTSUPP")]), Now).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);
        var byChain = SliceReports.For([web, api], new CycleReport(new Plan([chain], []), [(chain, "ENOENT")]), Now).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);

        Assert.Equal("service TCP 192.0.2.1:80: EOPNOTSUPP", Programmed(byRule["web"]).Message);
        Assert.Equal("nftables table inet lvsoperator: ENOENT", Programmed(byChain["web"]).Message);
        Assert.All([byRule["api"], byChain["api"]], s => Assert.Equal(ConditionStatus.True, Programmed(s).Status));
    }

    [Fact]
    public void A_slice_that_does_not_decode_reports_why()
    {
        var bad = Slice("web", "192.0.2.1") with { Spec = Slice("web", "192.0.2.1").Spec with { Addresses = [new SliceAddress { Interface = "lvs0", Address = "nope" }] } };

        var (_, status) = Assert.Single(SliceReports.For([bad], new CycleReport(new Plan([], []), []), Now));

        Assert.Equal(("Invalid", "\"nope\" is not an IP address"), (Programmed(status).Reason, Programmed(status).Message));
    }
}
