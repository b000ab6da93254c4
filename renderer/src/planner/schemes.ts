import type { GetSchemes } from 'rete';
import type { ReactArea2D } from 'rete-react-plugin';
import type { PlannerConnection } from './planner-connection';
import type { PlannerNode } from './planner-node';

export type PlannerSchemes = GetSchemes<PlannerNode, PlannerConnection>;
export type PlannerAreaExtra = ReactArea2D<PlannerSchemes>;
