using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Tests;

/// <summary>
/// The health-check rules of <see cref="ResourceValidator"/> beyond the manifest corpus (which holds them to the
/// CEL rules one case at a time): the duration and status-range readers, and how rules combine.
/// </summary>
public sealed class HealthCheckValidationTests
{
    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    [InlineData("0s", 0)]
    [InlineData("99999ms", 99_999)]
    public void Go_durations_in_the_crd_subset_parse(string text, long milliseconds)
    {
        Assert.True(HealthCheckDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("5 s")]
    [InlineData("100000s")]
    [InlineData("1us")]
    [InlineData("1h1m1s1ms1h")]
    public void Other_durations_are_refused_as_the_crd_pattern_refuses_them(string text)
    {
        Assert.False(HealthCheckDuration.TryParse(text, out _));
        Assert.DoesNotMatch(HealthCheckDuration.Pattern, text);
    }

    [Theory]
    [InlineData("200", 200, 200)]
    [InlineData("200-399", 200, 399)]
    [InlineData("100-599", 100, 599)]
    public void Status_ranges_parse_inclusive(string text, int low, int high)
    {
        Assert.True(HealthCheckStatusRange.TryParse(text, out var range));
        Assert.Equal(new HealthCheckStatusRange(low, high), range);
        Assert.True(range.Contains(low) && range.Contains(high) && !range.Contains(high + 1) && !range.Contains(low - 1));
    }

    [Theory]
    [InlineData("399-200")]
    [InlineData("600")]
    [InlineData("099")]
    [InlineData("20")]
    [InlineData("200-")]
    [InlineData("2xx")]
    public void Malformed_status_ranges_are_refused(string text) => Assert.False(HealthCheckStatusRange.TryParse(text, out _));

    [Fact]
    public void A_service_without_a_health_check_and_one_with_the_defaults_are_valid()
    {
        Assert.Empty(ResourceValidator.Validate(Service(check: null)));
        Assert.Empty(ResourceValidator.Validate(Service(new HealthCheck())));
    }

    [Fact]
    public void Every_health_check_error_is_reported_at_once()
    {
        var errors = ResourceValidator.Validate(Service(new HealthCheck
        {
            Type = HealthCheckType.Tcp,
            Interval = "1s",
            Timeout = "1s",
            Rise = 0,
            Http = new HealthCheckHttp(),
            Tls = new HealthCheckTls(),
        }));

        Assert.Equal(
            [
                ("spec.healthCheck.rise", "must be between 1 and 100"),
                ("spec.healthCheck.timeout", Messages.HealthCheckTimeout),
                ("spec.healthCheck.http", Messages.HealthCheckHttpNeedsHttp),
                ("spec.healthCheck.tls", Messages.HealthCheckTlsNeedsHttps),
            ],
            errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void An_override_without_a_type_may_carry_any_probe_block_since_the_service_decides_which_one_is_used()
    {
        var rs = new RealServer
        {
            Metadata = new ObjectMeta { Name = "a", Namespace = "n" },
            Spec = new RealServerSpec
            {
                Address = "198.18.0.1",
                HealthCheck = new HealthCheckOverride { Http = new HealthCheckHttp(), Dns = new HealthCheckDns { QueryName = "example.org" }, Timeout = "300ms" },
            },
        };

        Assert.Empty(ResourceValidator.Validate(rs));
    }

    [Fact]
    public void An_override_timeout_is_compared_with_its_own_interval_only()
    {
        var errors = ResourceValidator.Validate(new RealServer
        {
            Metadata = new ObjectMeta { Name = "a", Namespace = "n" },
            Spec = new RealServerSpec { Address = "198.18.0.1", HealthCheck = new HealthCheckOverride { Interval = "1s", Timeout = "2s" } },
        });

        Assert.Equal(new FieldError("spec.healthCheck.timeout", Messages.HealthCheckTimeout), Assert.Single(errors));
    }

    [Theory]
    [InlineData(HealthCheckType.None, false)]
    [InlineData(HealthCheckType.Tcp, true)]
    public void A_port_0_service_needs_a_check_port_unless_it_checks_nothing(HealthCheckType type, bool rejected)
    {
        var vs = Service(new HealthCheck { Type = type });

        var errors = ResourceValidator.Validate(vs with { Spec = vs.Spec with { Port = 0, Persistence = new Persistence() } });

        Assert.Equal(rejected, errors.Contains(new FieldError("spec.healthCheck.port", Messages.HealthCheckPortRequired)));
        Assert.Equal(rejected ? 1 : 0, errors.Count);
    }

    [Fact]
    public void A_sorry_server_needs_an_ip_address()
    {
        var errors = ResourceValidator.Validate(Service(new HealthCheck { SorryServer = new HealthCheckSorryServer { Address = "sorry.example.org" } }));

        Assert.Equal(new FieldError("spec.healthCheck.sorryServer.address", Messages.AddressInvalid), Assert.Single(errors));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(50, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void The_panic_threshold_is_a_percent(int threshold, bool valid)
    {
        var errors = ResourceValidator.Validate(Service(new HealthCheck { PanicThreshold = threshold }));

        Assert.Equal(valid ? [] : [new FieldError("spec.healthCheck.panicThreshold", "must be between 0 and 100")], errors);
    }

    [Fact]
    public void The_panic_threshold_defaults_to_envoys_50_percent() => Assert.Equal(50, new HealthCheck().PanicThreshold);

    private static VirtualService Service(HealthCheck? check) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "n" },
        Spec = new VirtualServiceSpec
        {
            Addresses = ["192.0.2.10"],
            Port = 80,
            RealServers = new RealServerSource { Static = [new RealServerSpec { Address = "198.18.0.1" }] },
            HealthCheck = check,
        },
    };
}
