namespace LvsOperator.Core.LoadBalancing;

/// <summary>Why allocation refused or took back an address; the names are condition and event reasons.</summary>
public enum AllocationFailureReason
{
    /// <summary>An annotation or <c>loadBalancerIP</c> does not parse, or asks twice for one family.</summary>
    InvalidRequest,

    /// <summary>No pool (or not the named one) admits the Service's namespace and labels.</summary>
    NoPoolMatches,

    /// <summary>Every pool the Service may use has no free address of a family it needs.</summary>
    PoolExhausted,

    /// <summary>The requested address lies in no pool the Service may use.</summary>
    RequestedAddressNotInPool,

    /// <summary>Another Service holds the requested address and may not share it.</summary>
    RequestedAddressInUse,

    /// <summary>The Services sharing the address have another sharing key or a colliding protocol and port.</summary>
    SharingConflict,

    /// <summary>The pool shrank (or went away, or stopped admitting the Service) under the Service's address.</summary>
    AddressLeftPool,

    /// <summary>Released only: the Service now asks for another address, family or pool than the one it held.</summary>
    Superseded,
}
