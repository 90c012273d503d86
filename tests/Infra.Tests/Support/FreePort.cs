using System.Net;
using System.Net.Sockets;

namespace Infra.Tests.Support;

/// <summary>Free TCP ports on 127.0.0.1 for the processes a test starts.</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
