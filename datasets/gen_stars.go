package datasets

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// StarsParams are the parameters of a follower graph shaped like the paper's Twitter data: Users
// ordinary accounts follow Stars popular accounts, stars belong to interest communities, and
// users follow mostly stars of their own interests. Edges point user -> star, so a star's
// in-neighbourhood is its set of followers.
type StarsParams struct {
	Users, Stars int
	// Interests is the number of interest communities; stars are split among them in sizes
	// differing by at most one.
	Interests int
	// MeanFollows is the mean number of stars a user follows (1 + a geometric number).
	MeanFollows float64
	// Zipf is the popularity exponent: the star of global popularity rank r (1-based, ranks a
	// seeded random permutation) has the weight r^-Zipf.
	Zipf float64
	// Mu is the probability that a follow goes to a star outside the user's interests.
	Mu float64
	// MaxInterests: each user has 1..MaxInterests distinct interests, uniformly.
	MaxInterests int
	// UsersInTruth adds each user to the ground-truth communities of its interests (so they
	// overlap); by default the communities hold stars only.
	UsersInTruth bool
	Seed         uint64
	// Progress receives the number of users done out of Users.
	Progress Progress
}

// StarsStats are the realised properties of a follower graph.
type StarsStats struct {
	GraphStats
	Users     int `json:"users"`
	Stars     int `json:"stars"`
	Interests int `json:"interests"`
	// MeanFollows is the realised mean out-degree of the users.
	MeanFollows float64 `json:"mean_follows"`
	// Followers* summarise the in-degrees of the stars.
	FollowersMin    int     `json:"followers_min"`
	FollowersMedian int     `json:"followers_median"`
	FollowersMax    int     `json:"followers_max"`
	FollowersMean   float64 `json:"followers_mean"`
	// StarsOver1000 counts stars with at least 1000 followers.
	StarsOver1000 int `json:"stars_over_1000"`
	// Mu is the realised fraction of follows to stars outside the follower's interests.
	Mu       float64 `json:"mu"`
	TargetMu float64 `json:"target_mu"`
	// Abandoned counts follows given up: outside the interests, when starsTries draws only
	// found stars already followed or inside the interests; inside, when the interests' stars
	// are all followed already. (After starsTries repeated draws inside an interest, a star of
	// it not yet followed is taken by a scan from a random offset.)
	Abandoned int64 `json:"abandoned_follows"`
}

// Summary returns a one-line description of the realised properties.
func (s *StarsStats) Summary() string {
	return fmt.Sprintf("stars: %d users, %d stars, %d interests, %d follows (mean %.2f per user), followers per star min %d median %d mean %.1f max %d (%d stars >= 1000), mu %.4f (target %.4f), %d follows abandoned",
		s.Users, s.Stars, s.Interests, s.Edges, s.MeanFollows, s.FollowersMin, s.FollowersMedian, s.FollowersMean, s.FollowersMax,
		s.StarsOver1000, s.Mu, s.TargetMu, s.Abandoned)
}

func (p StarsParams) validate() error {
	switch {
	case p.Users < 1:
		return fmt.Errorf("stars: users = %d, want >= 1", p.Users)
	case p.Stars < 1:
		return fmt.Errorf("stars: stars = %d, want >= 1", p.Stars)
	case p.Users >= 1<<31 || p.Stars >= 1<<31 || p.Users+p.Stars >= 1<<31:
		return fmt.Errorf("stars: users + stars = %d, want fewer than 2^31", p.Users+p.Stars)
	case p.Interests < 1 || p.Interests > p.Stars:
		return fmt.Errorf("stars: interests = %d, want 1 <= interests <= stars = %d", p.Interests, p.Stars)
	case p.MaxInterests < 1 || p.MaxInterests > p.Interests:
		return fmt.Errorf("stars: maxinterests = %d, want 1 <= maxinterests <= interests = %d", p.MaxInterests, p.Interests)
	case !(p.MeanFollows >= 1) || p.MeanFollows > float64(p.Stars):
		return fmt.Errorf("stars: follows = %v, want 1 <= follows <= stars = %d", p.MeanFollows, p.Stars)
	case !(p.Zipf >= 0) || math.IsInf(p.Zipf, 0):
		return fmt.Errorf("stars: zipf = %v, want a finite exponent >= 0", p.Zipf)
	case !(p.Mu >= 0 && p.Mu <= 1):
		return fmt.Errorf("stars: mu = %v, want 0 <= mu <= 1", p.Mu)
	}
	return genCheckMemory("stars", 40*float64(p.Users)*p.MeanFollows+24*float64(p.Users+p.Stars))
}

// starsTries bounds the draws spent on one follow.
const starsTries = 32

// Stars generates a follower graph on Users + Stars vertices (published ids are a seeded
// permutation of both kinds together). Each user follows 1 + Geometric stars (mean
// MeanFollows, at most Stars); each follow, with probability 1-Mu, picks one of the user's
// interests uniformly and a star of it by popularity, otherwise a star of another interest by
// popularity. Repeated stars are redrawn. Alias tables make each draw O(1): the time is
// O(Users + Stars + M) plus building the graph, O(M) memory.
//
// The ground truth has one community per interest: its stars (and its users when UsersInTruth).
func Stars(ctx context.Context, p StarsParams) (*Dataset, *StarsStats, error) {
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	U, S, C := p.Users, p.Stars, p.Interests
	n := U + S
	r := genRand(p.Seed, streamStars)
	// Stars are internal ids U+s; interest c owns stars start[c]..start[c+1]-1 (s indices).
	start := make([]int, C+1)
	for c := 0; c < C; c++ {
		size := S / C
		if c < S%C {
			size++
		}
		start[c+1] = start[c] + size
	}
	interestOf := make([]uint32, S)
	for c := 0; c < C; c++ {
		for s := start[c]; s < start[c+1]; s++ {
			interestOf[s] = uint32(c)
		}
	}
	rank := genPermutation(r, S)
	weight := make([]float64, S)
	for s := range weight {
		weight[s] = math.Pow(float64(rank[s]+1), -p.Zipf)
	}
	global, err := newGenAliasTable(weight)
	if err != nil {
		return nil, nil, fmt.Errorf("stars: %w", err)
	}
	local := make([]genAliasTable, C)
	for c := range local {
		if local[c], err = newGenAliasTable(weight[start[c]:start[c+1]]); err != nil {
			return nil, nil, fmt.Errorf("stars: interest %d: %w", c, err)
		}
	}
	perm := genRelabelling(p.Seed, n)

	lq := math.Log1p(-1 / p.MeanFollows)
	if p.MeanFollows == 1 {
		lq = math.Inf(-1)
	}
	pairs := make([]uint64, 0, int(float64(U)*p.MeanFollows*1.02)+16)
	mark := make([]uint32, S)   // mark[s] = u+1 when user u follows s
	inMine := make([]uint32, C) // inMine[c] = u+1 when c is one of user u's interests
	var userInterests []uint32
	var userOff []int
	if p.UsersInTruth {
		userOff = make([]int, 1, U+1)
	}
	mine := make([]uint32, 0, p.MaxInterests)
	var abandoned, outside int64
	for u := 0; u < U; u++ {
		tag := uint32(u + 1)
		m := 1 + r.IntN(p.MaxInterests)
		mine = mine[:0]
		for len(mine) < m {
			c := uint32(r.IntN(C))
			if inMine[c] != tag {
				inMine[c] = tag
				mine = append(mine, c)
			}
		}
		if p.UsersInTruth {
			userInterests = append(userInterests, mine...)
			userOff = append(userOff, len(userInterests))
		}
		canLeave := m < C
		follows := 1 + int(min(genGeometricSkip(r, lq), int64(S-1)))
		for range follows {
			leave := canLeave && r.Float64() < p.Mu
			ok := false
			for try := 0; try < starsTries; try++ {
				var s int
				if leave {
					s = int(global.sample(r))
					if inMine[interestOf[s]] == tag {
						continue
					}
				} else {
					c := mine[r.IntN(m)]
					s = start[c] + int(local[c].sample(r))
				}
				if mark[s] == tag {
					continue
				}
				mark[s] = tag
				pairs = append(pairs, uint64(perm[u])<<32|uint64(perm[U+s]))
				if leave {
					outside++
				}
				ok = true
				break
			}
			if !ok && !leave {
				// The popular stars of the interest are taken: scan it from a random
				// offset for one the user does not follow yet.
				c := mine[r.IntN(m)]
				size := start[c+1] - start[c]
				off := r.IntN(size)
				for j := 0; j < size && !ok; j++ {
					s := start[c] + (off+j)%size
					if mark[s] != tag {
						mark[s] = tag
						pairs = append(pairs, uint64(perm[u])<<32|uint64(perm[U+s]))
						ok = true
					}
				}
			}
			if !ok {
				abandoned++
			}
		}
		if u%4096 == 4095 {
			p.Progress.Report(int64(u+1), int64(U))
			if err := genCheckCtx(ctx, "stars"); err != nil {
				return nil, nil, err
			}
		}
	}
	p.Progress.Report(int64(U), int64(U))
	follows := len(pairs)
	g := genGraphFromPairs(true, n, pairs)

	members := make([][]uint32, C)
	for c := range members {
		members[c] = make([]uint32, 0, start[c+1]-start[c])
		for s := start[c]; s < start[c+1]; s++ {
			members[c] = append(members[c], perm[U+s])
		}
	}
	if p.UsersInTruth {
		for u := 0; u < U; u++ {
			for _, c := range userInterests[userOff[u]:userOff[u+1]] {
				members[c] = append(members[c], perm[u])
			}
		}
	}
	truth, err := NewGroundTruth(n, members, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("stars: %w", err)
	}

	st := &StarsStats{GraphStats: genGraphStats(g), Users: U, Stars: S, Interests: C, TargetMu: p.Mu, Abandoned: abandoned}
	st.MeanFollows = float64(follows) / float64(U)
	if follows > 0 {
		st.Mu = float64(outside) / float64(follows)
	}
	fc := make([]int, S)
	for s := range fc {
		fc[s] = g.InDegree(perm[U+s])
		if fc[s] >= 1000 {
			st.StarsOver1000++
		}
	}
	slices.Sort(fc)
	st.FollowersMin, st.FollowersMedian, st.FollowersMax = fc[0], fc[(S-1)/2], fc[S-1]
	st.FollowersMean = float64(follows) / float64(S)
	return &Dataset{Graph: g, Truth: truth}, st, nil
}
