using System.Net;
using System.Net.Sockets;

namespace Infra.Tests.Support;

/// <summary>
/// Free TCP ports on 127.0.0.1 for the processes a test starts. A port is handed out once per test run: the
/// system may offer a released port again, and two tests running side by side must not both start a server on it.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
