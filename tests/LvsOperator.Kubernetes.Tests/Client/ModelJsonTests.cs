using System.Text.Json;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class ModelJsonTests
{
    [Fact]
    public void An_EndpointSlice_as_the_API_server_writes_it()
    {
        var json = """
        {"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1",
         "metadata":{"name":"web-abc12","namespace":"shop","labels":{"kubernetes.io/service-name":"web","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"},
                     "ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u-1","controller":true,"blockOwnerDeletion":true}]},
         "addressType":"IPv4",
         "endpoints":[
           {"addresses":["10.244.1.5"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"node-1",
            "targetRef":{"kind":"Pod","namespace":"shop","name":"web-1","uid":"p-1"},"zone":"a"},
           {"addresses":["10.244.2.7"],"conditions":{"ready":false,"serving":true,"terminating":true},"nodeName":"node-2"}],
         "ports":[{"name":"http","protocol":"TCP","port":8080},{"name":"dns","protocol":"UDP","port":53,"appProtocol":"dns"}]}
        """;

        var slice = JsonSerializer.Deserialize(json, ResourceTypes.EndpointSlices.JsonTypeInfo)!;

        Assert.Equal("web", slice.Metadata.Labels![EndpointSlice.ServiceNameLabel]);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal(["10.244.1.5"], slice.Endpoints![0].Addresses);
        Assert.Equal((true, true, false), (slice.Endpoints[0].Conditions!.Ready, slice.Endpoints[0].Conditions!.Serving, slice.Endpoints[0].Conditions!.Terminating));
        Assert.Equal("web-1", slice.Endpoints[0].TargetRef?.Name);
        Assert.True(slice.Endpoints[1].Conditions!.Terminating);
        Assert.Equal((Protocol.Udp, 53), (slice.Ports![1].Protocol, slice.Ports[1].Port));
        Assert.Equal("Service", slice.Metadata.OwnerReferences![0].Kind);
    }

    [Fact]
    public void A_Service_port_targets_a_number_or_a_name_and_defaults_to_its_own_port()
    {
        var json = """
        {"metadata":{"name":"web","namespace":"shop"},
         "spec":{"type":"ClusterIP","clusterIP":"10.96.4.4","clusterIPs":["10.96.4.4","fd00::4"],"selector":{"app":"web"},
                 "ports":[{"name":"http","port":80,"targetPort":8080},{"name":"admin","port":9000,"protocol":"TCP","targetPort":"admin"},{"port":53,"protocol":"UDP"}]}}
        """;

        var service = JsonSerializer.Deserialize(json, ResourceTypes.Services.JsonTypeInfo)!;

        Assert.Equal(["10.96.4.4", "fd00::4"], service.Spec.ClusterIPs);
        Assert.Equal("10.96.4.4", service.Spec.ClusterIP);
        var ports = service.Spec.Ports!;
        Assert.Equal(IntOrString.FromNumber(8080), ports[0].TargetPort());
        Assert.Equal(IntOrString.FromString("admin"), ports[1].TargetPort());
        Assert.Equal(IntOrString.FromNumber(53), ports[2].TargetPort());
        Assert.Equal(Protocol.Udp, ports[2].Protocol);
        Assert.Contains("\"targetPort\":8080", JsonSerializer.Serialize(service, ResourceTypes.Services.JsonTypeInfo), StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_subsets_and_a_Node()
    {
        var endpoints = JsonSerializer.Deserialize("""
            {"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.5","nodeName":"n1"}],"notReadyAddresses":[{"ip":"10.0.0.6"}],"ports":[{"port":80}]}]}
            """, ResourceTypes.Endpoints.JsonTypeInfo)!;
        var node = JsonSerializer.Deserialize("""
            {"metadata":{"name":"n1","labels":{"lvsoperator.io/director":"true"}},"spec":{"unschedulable":true,"podCIDR":"10.244.0.0/24"},
             "status":{"addresses":[{"type":"InternalIP","address":"192.0.2.10"},{"type":"Hostname","address":"n1"}],"capacity":{"cpu":"4"}}}
            """, ResourceTypes.Nodes.JsonTypeInfo)!;

        Assert.Equal("10.0.0.5", endpoints.Subsets![0].Addresses![0].Ip);
        Assert.Equal("n1", endpoints.Subsets[0].Addresses![0].NodeName);
        Assert.Equal("10.0.0.6", endpoints.Subsets[0].NotReadyAddresses![0].Ip);
        Assert.Equal(Protocol.Tcp, endpoints.Subsets[0].Ports![0].Protocol);
        Assert.True(node.Spec.Unschedulable);
        Assert.Equal("192.0.2.10", node.Status.Addresses!.Single(a => a.Type == NodeAddress.InternalIP).Address);
    }

    [Fact]
    public void An_event_writes_its_time_with_the_six_fractional_digits_the_API_server_parses()
    {
        var written = new EventsV1Event
        {
            Metadata = new ObjectMeta { Name = "web.1", Namespace = "shop" },
            Regarding = new ObjectReference { ApiVersion = ResourceKinds.ApiVersion, Kind = ResourceKinds.VirtualService, Name = "web", Namespace = "shop" },
            Reason = "Programmed",
            Note = "3/3 real servers",
            Type = EventsV1Event.Normal,
            Action = "Reconcile",
            ReportingController = "lvsoperator.io/controller",
            ReportingInstance = "controller-0",
            EventTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567),
        };

        var json = JsonSerializer.Serialize(written, ResourceTypes.Events.JsonTypeInfo);
        var read = JsonSerializer.Deserialize(json, ResourceTypes.Events.JsonTypeInfo)!;

        Assert.Contains("\"eventTime\":\"2026-01-02T01:04:05.123456Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"apiVersion\":\"events.k8s.io/v1\"", json, StringComparison.Ordinal);
        Assert.Equal(written.EventTime.AddTicks(-7), read.EventTime);
        Assert.Equal("web", read.Regarding?.Name);
    }
}
