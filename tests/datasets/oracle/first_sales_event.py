# Independent transcription of SplitMix64 + distributions + the sales generator's first event.
import math, bisect, sys
M=2**64
class SM:
    def __init__(s,seed): s.s=seed%M
    def next(s):
        s.s=(s.s+0x9E3779B97F4A7C15)%M; z=s.s
        z=((z^(z>>30))*0xBF58476D1CE4E5B9)%M
        z=((z^(z>>27))*0x94D049BB133111EB)%M
        return z^(z>>31)
    def split(s): return SM(s.next())
def unit(r): return (r.next()>>11)*2.0**-53
def below(r,b):
    m=r.next()*b; low=m%M
    if low<b:
        thr=(M-b)%b
        while low<thr: m=r.next()*b; low=m%M
    return m>>64
def uint(r,lo,hi): return lo+below(r,hi-lo+1)
def expo(r,mean): return -mean*math.log1p(-unit(r))
def zipf(r,n,s):
    cum=[];t=0.0
    for k in range(n): t+=1.0/math.pow(k+1,s); cum.append(t)
    x=unit(r)*cum[-1]; return min(bisect.bisect_right(cum,x), n-1)
def widx(r,w):
    tot=sum(w); x=unit(r)*tot
    for i,v in enumerate(w):
        if x<v: return i
        x-=v
    return len(w)-1
P=[30,20,15,12,12,18,35,60,85,100,110,120,135,130,120,115,115,125,140,150,140,115,85,55]
mean=sum(P)/24; L=[p/mean for p in P]
def level(ms):
    H=3600000; D=24*H; x=(ms-H//2)%D; h=x//H; f=(x%H)/H; a=L[h]; b=L[(h+1)%24]; return a+(b-a)*f
seed=2; salt=0x73616C6573000000; start=1750579200000; rate=0.06
root=SM(seed^salt); arr=root.split(); rng=root.split()
burst=arr.split(); bgap=expo(burst,6.0); blen=uint(burst,5,20)
bstart=start+round(bgap*3600000)
print('burst starts', bstart, 'len min', blen)
t=start+round(expo(arr,1000.0/(rate*level(start))))
store=zipf(rng,12,1.1)+1
cats=[("grocery",30,199,8999),("books",22,499,4999),("clothing",16,999,14999),("electronics",12,1999,89999),("toys",8,799,6999),("sports",7,1299,24999),("garden",5,1499,29999)]
c=cats[widx(rng,[x[1] for x in cats])]
a=uint(rng,c[2],c[3]); b=uint(rng,c[2],c[3]); q=widx(rng,[70,20,7,1,1,1])+1
cents=min(a,b)*q
import datetime
dt=datetime.datetime.fromtimestamp(t/1000,datetime.timezone.utc)
print(t, dt.isoformat(), 'store', store, c[0], a, b, q, cents)
# FNV-1a 64 of files given on the command line
for f in sys.argv[1:]:
    h=14695981039346656037
    for byte in open(f,'rb').read(): h=((h^byte)*1099511628211)%M
    print(f, format(h,'016x'))
