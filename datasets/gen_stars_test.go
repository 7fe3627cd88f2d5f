package datasets

import (
	"context"
	"math"
	"slices"
	"testing"
)

func TestStarsShapeAndMixing(t *testing.T) {
	p := StarsParams{Users: 30000, Stars: 400, Interests: 8, MeanFollows: 12, Zipf: 1, Mu: 0.2, MaxInterests: 2, Seed: 4}
	d, st, err := Stars(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(st.Summary())
	g := d.Graph
	if !g.Directed() || g.N() != p.Users+p.Stars {
		t.Fatalf("graph directed=%v n=%d", g.Directed(), g.N())
	}
	// Stars are exactly the ground-truth members (UsersInTruth is off); they have no out-edges,
	// users have no in-edges, and every edge goes user -> star.
	isStar := make([]bool, g.N())
	interest := make([]int, g.N())
	for c := 0; c < d.Truth.Len(); c++ {
		for _, v := range d.Truth.Community(c) {
			isStar[v] = true
			interest[v] = c
		}
	}
	stars := 0
	var followers []int
	for v := uint32(0); int(v) < g.N(); v++ {
		if isStar[v] {
			stars++
			followers = append(followers, g.InDegree(v))
			if g.OutDegree(v) != 0 {
				t.Fatalf("star %d follows someone", v)
			}
		} else if g.InDegree(v) != 0 {
			t.Fatalf("user %d has followers", v)
		}
	}
	if stars != p.Stars || d.Truth.Stats().Overlapping != 0 {
		t.Fatalf("%d stars in the truth, want %d", stars, p.Stars)
	}
	slices.Sort(followers)
	if followers[0] != st.FollowersMin || followers[len(followers)-1] != st.FollowersMax || st.FollowersMax < 10*st.FollowersMedian {
		t.Errorf("followers %d..%d median %d, stats %+v", followers[0], followers[len(followers)-1], followers[len(followers)/2], st)
	}
	// Realised mu: users follow mostly stars of their own interests. Infer each user's interests
	// as those of its follows is circular; instead check that within-interest follows dominate
	// by comparing with the chance level for MaxInterests = 2 of 8 interests.
	if math.Abs(st.Mu-p.Mu) > 0.02 {
		t.Errorf("realised mu %.4f, target %v", st.Mu, p.Mu)
	}
	// Mean follows within 2% of the target (geometric counts; abandoned follows are rare here).
	if math.Abs(st.MeanFollows-p.MeanFollows) > 0.02*p.MeanFollows || st.Abandoned > int64(p.Users) {
		t.Errorf("mean follows %.3f (abandoned %d), target %v", st.MeanFollows, st.Abandoned, p.MeanFollows)
	}
	// Pairs of follows by one user share the interest far more often than by chance.
	same, pairs := 0, 0
	for v := uint32(0); int(v) < g.N(); v++ {
		out := g.Out(v)
		for i := 1; i < len(out); i++ {
			pairs++
			if interest[out[i]] == interest[out[i-1]] {
				same++
			}
		}
	}
	if frac := float64(same) / float64(pairs); frac < 0.4 {
		t.Errorf("only %.3f of consecutive follows share an interest", frac)
	}
}

func TestStarsUsersInTruthAndScale(t *testing.T) {
	p := StarsParams{Users: 5000, Stars: 100, Interests: 5, MeanFollows: 5, Zipf: 1.2, Mu: 0, MaxInterests: 3, UsersInTruth: true, Seed: 1}
	d, st, err := Stars(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	ts := d.Truth.Stats()
	if ts.Covered != p.Users+p.Stars || ts.MaxMemberships > p.MaxInterests || ts.Overlapping == 0 {
		t.Errorf("truth with users: %+v", ts)
	}
	if st.Mu != 0 {
		t.Errorf("mu = 0 gave realised %v", st.Mu)
	}
	// With mu = 0 every follow lies in one of the follower's interests.
	for v := uint32(0); int(v) < d.Graph.N(); v++ {
		mine := d.Truth.Of(v)
		for _, s := range d.Graph.Out(v) {
			if _, ok := slices.BinarySearch(mine, d.Truth.Of(s)[0]); !ok {
				t.Fatalf("user %d follows star %d outside its interests", v, s)
			}
		}
	}
}
