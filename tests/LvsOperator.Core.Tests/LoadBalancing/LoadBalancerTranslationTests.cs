using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.LoadBalancing.Pools;

namespace LvsOperator.Core.Tests.LoadBalancing;

public sealed class LoadBalancerTranslationTests
{
    private static readonly string[] Vip = ["192.0.2.10"];

    private static LoadBalancerService Web => Service("web") with
    {
        Ports = [new LoadBalancerPort { Name = "http", Port = 80 }, new LoadBalancerPort { Name = "dns", Protocol = Protocol.Udp, Port = 53 }],
    };

    [Fact]
    public void One_VirtualService_per_port_NAT_with_source_NAT_to_the_Service_s_endpoints_owned_by_the_Service()
    {
        var result = LoadBalancerTranslation.Translate(Web, ["192.0.2.10", "2001:db8::10"]);
        Assert.Null(result.Refusal);
        Assert.Equal([(Protocol.Udp, 53), (Protocol.Tcp, 80)], result.VirtualServices.Select(v => (v.Spec.Protocol, v.Spec.Port!.Value)));
        var http = result.VirtualServices[1];
        Assert.Equal("default", http.Metadata.Namespace);
        Assert.StartsWith("web-http-", http.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(["192.0.2.10", "2001:db8::10"], http.Spec.Addresses);
        Assert.Equal(new Forwarding { Method = ForwardingMethod.Masquerade, SourceNat = SourceNat.Auto }, http.Spec.Forwarding);
        Assert.Equal(new ServiceReference { Name = "web", Port = IntOrString.FromString("http") }, http.Spec.RealServers!.Service);
        Assert.Null(http.Spec.Persistence);
        Assert.Null(http.Spec.HealthCheck);
        var owner = Assert.Single(http.Metadata.OwnerReferences!);
        Assert.Equal(("v1", "Service", "web", "uid-default-web", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.Equal("web", http.Metadata.Labels![LoadBalancerTranslation.ServiceLabel]);
    }

    [Theory]
    [InlineData(null, null, 10800)]
    [InlineData(null, 60, 60)]
    [InlineData("600", 60, 600)]
    [InlineData("none", 60, null)]
    public void ClientIP_affinity_becomes_persistence_unless_the_annotation_says_otherwise(string? annotation, int? timeout, int? expected)
    {
        var service = Service("web") with { ClientIPAffinity = true, AffinityTimeoutSeconds = timeout };
        if (annotation is not null) service = service.Annotated(LoadBalancerAnnotations.Persistence, annotation);
        var vs = Assert.Single(LoadBalancerTranslation.Translate(service, Vip).VirtualServices);
        Assert.Equal(expected, vs.Spec.Persistence?.TimeoutSeconds);
    }

    [Theory]
    [InlineData(LoadBalancerAnnotations.Scheduler, "mh", "mh")]
    [InlineData(LoadBalancerAnnotations.Method, "DR", "DirectRouting")]
    [InlineData(LoadBalancerAnnotations.Method, "tun", "Tunnel")]
    [InlineData(LoadBalancerAnnotations.HealthCheck, "http:/healthz", "Http/healthz")]
    [InlineData(LoadBalancerAnnotations.HealthCheck, "tcp", "Tcp")]
    public void Annotations_shape_the_VirtualService(string key, string value, string expected)
    {
        var result = LoadBalancerTranslation.Translate(Service("web").Annotated(key, value), Vip);
        Assert.Null(result.Refusal);
        var spec = Assert.Single(result.VirtualServices).Spec;
        var shown = key switch
        {
            LoadBalancerAnnotations.Scheduler => spec.Scheduler!.Name,
            LoadBalancerAnnotations.Method => spec.Forwarding!.Method.ToString(),
            _ => $"{spec.HealthCheck!.Type}{spec.HealthCheck.Http?.Path}",
        };
        Assert.Equal(expected, shown);
    }

    [Theory]
    [InlineData(LoadBalancerAnnotations.Scheduler, "fastest", "is not a scheduler")]
    [InlineData(LoadBalancerAnnotations.Method, "GRE", "is not a forwarding method")]
    [InlineData(LoadBalancerAnnotations.Persistence, "0", "is neither none nor a number of seconds")]
    [InlineData(LoadBalancerAnnotations.Persistence, "forever", "is neither none nor a number of seconds")]
    [InlineData(LoadBalancerAnnotations.HealthCheck, "http:healthz", "is not none, tcp")]
    [InlineData(LoadBalancerAnnotations.HealthCheck, "icmp", "is not none, tcp")]
    public void Invalid_annotations_refuse_the_Service_with_the_reason(string key, string value, string refusal)
    {
        var result = LoadBalancerTranslation.Translate(Service("web").Annotated(key, value), Vip);
        Assert.Empty(result.VirtualServices);
        Assert.Equal(TranslationRefusals.InvalidAnnotation, result.Refusal!.Reason);
        Assert.Contains(key, result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains(refusal, result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_combination_the_VirtualService_schema_refuses_is_refused_with_its_message()
    {
        var result = LoadBalancerTranslation.Translate(Web.Annotated(LoadBalancerAnnotations.HealthCheck, "tcp"), Vip);
        Assert.Equal(TranslationRefusals.InvalidAnnotation, result.Refusal!.Reason);
        Assert.Contains(Validation.Messages.HealthCheckUdpNeedsDns, result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("port dns", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TranslationRefusals.ExternalTrafficPolicyLocal)]
    [InlineData(TranslationRefusals.NoAddress)]
    [InlineData(TranslationRefusals.NoPorts)]
    public void Refuses_what_a_director_cannot_serve(string reason)
    {
        var service = reason switch
        {
            TranslationRefusals.ExternalTrafficPolicyLocal => Web with { ExternalTrafficPolicy = ExternalTrafficPolicy.Local },
            TranslationRefusals.NoPorts => Web with { Ports = [] },
            _ => Web,
        };
        var result = LoadBalancerTranslation.Translate(service, reason == TranslationRefusals.NoAddress ? [] : Vip);
        Assert.Equal(reason, result.Refusal!.Reason);
        Assert.Empty(result.VirtualServices);
    }

    [Fact]
    public void Names_are_stable_distinct_where_the_readable_part_collides_and_at_most_63_characters()
    {
        var a = GeneratedNames.VirtualServiceName("web", new LoadBalancerPort { Name = "x-80", Port = 80 });
        var b = GeneratedNames.VirtualServiceName("web-x", new LoadBalancerPort { Port = 80 });
        Assert.NotEqual(a, b);
        Assert.Equal(a, GeneratedNames.VirtualServiceName("web", new LoadBalancerPort { Name = "x-80", Port = 80 }));
        Assert.NotEqual(
            GeneratedNames.VirtualServiceName("dns", new LoadBalancerPort { Port = 53, Protocol = Protocol.Udp }),
            GeneratedNames.VirtualServiceName("dns", new LoadBalancerPort { Port = 53, Protocol = Protocol.Tcp }));

        var longName = GeneratedNames.VirtualServiceName(new string('a', 63), new LoadBalancerPort { Name = "metrics-https", Port = 8443 });
        Assert.Equal(GeneratedNames.MaxLength, longName.Length);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", longName);
    }

    [Fact]
    public void Every_generated_VirtualService_passes_the_validator()
    {
        var services = new[]
        {
            Web with { ClientIPAffinity = true },
            Service("s", ports: 443).Annotated(LoadBalancerAnnotations.Method, "TUN").Annotated(LoadBalancerAnnotations.HealthCheck, "https:/ready"),
            Service("d", ports: 8080).Annotated(LoadBalancerAnnotations.Method, "DR").Annotated(LoadBalancerAnnotations.Scheduler, "sh"),
        };
        foreach (var vs in services.SelectMany(s => LoadBalancerTranslation.Translate(s, Vip).VirtualServices))
            Assert.Empty(Validation.ResourceValidator.Validate(vs));
    }
}
