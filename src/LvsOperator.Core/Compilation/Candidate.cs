using System.Net;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>A real server a VirtualService would get, from whichever source, before it becomes a destination.</summary>
/// <param name="Origin">The resource that named it.</param>
/// <param name="Field">The path of the object that named it within <paramref name="Origin"/>, to blame if it cannot be used.</param>
internal sealed record Candidate(
    IPAddress Address,
    int? Port,
    int Weight,
    Forwarding Forwarding,
    uint UpperThreshold,
    uint LowerThreshold,
    string? NodeName,
    ResourceRef Origin,
    string Field,
    bool FromService = false,
    HealthCheckOverride? Health = null);
