namespace LvsOperator.Core.Planning;

/// <summary>How long a removed destination may keep its connections before it is deleted anyway.</summary>
public sealed record DrainPolicy(TimeSpan GracePeriod)
{
    /// <summary>IPVS's own idle timeout for an established TCP connection (900 s): by then the kernel would have expired it.</summary>
    public static DrainPolicy Default { get; } = new(TimeSpan.FromSeconds(900));
}
